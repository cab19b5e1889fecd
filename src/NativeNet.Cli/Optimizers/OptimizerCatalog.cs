using System.Numerics;
using NativeNet.Layers;
using NativeNet.Optimizers;

namespace NativeNet.Cli.Optimizers;

/// <summary>
/// The <c>--optimizer</c> names and the library optimizer each one builds, shared by <c>train</c>, <c>playground</c>
/// and the experiments so that all of them run the same classes.
/// </summary>
internal static class OptimizerCatalog
{
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad"];

    /// <summary>
    /// Builds optimizer <paramref name="name"/> over <paramref name="parameters"/>. <paramref name="momentum"/>, when
    /// given, is μ for momentum/nesterov, the momentum of rmsprop, and β₁ for adam/adamw; otherwise each rule's default.
    /// <paramref name="weightDecayMode"/>, when given, replaces the rule's own (decoupled for adamw, coupled otherwise).
    /// <paramref name="beta2"/> and <paramref name="epsilonInsideSqrt"/> apply to adam and adamw only.
    /// </summary>
    public static Optimizer<T> Create<T>(string name, IEnumerable<Parameter<T>> parameters, double learningRate, double? momentum, double weightDecay,
        WeightDecayMode? weightDecayMode = null, double beta2 = 0.999, bool epsilonInsideSqrt = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = CreateRule(name, parameters, learningRate, momentum, weightDecay, beta2, epsilonInsideSqrt);
        if (weightDecayMode is WeightDecayMode mode) optimizer.WeightDecayMode = mode;
        return optimizer;
    }

    /// <summary>The <c>--weight-decay-mode</c> value <paramref name="name"/> (coupled, decoupled, unscaled) as the library's mode; null stays null.</summary>
    public static WeightDecayMode? ParseWeightDecayMode(string? name) => name switch
    {
        null => null,
        "coupled" => WeightDecayMode.Coupled,
        "decoupled" => WeightDecayMode.Decoupled,
        "unscaled" => WeightDecayMode.Unscaled,
        _ => throw new UsageException($"unknown --weight-decay-mode '{name}'; choose one of coupled, decoupled, unscaled"),
    };

    private static Optimizer<T> CreateRule<T>(string name, IEnumerable<Parameter<T>> parameters, double learningRate, double? momentum, double weightDecay,
        double beta2, bool epsilonInsideSqrt)
        where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "sgd" => new Sgd<T>(parameters, learningRate, weightDecay),
        "momentum" => new Momentum<T>(parameters, learningRate, momentum ?? 0.9, weightDecay: weightDecay),
        "nesterov" => new Momentum<T>(parameters, learningRate, momentum ?? 0.9, nesterov: true, weightDecay: weightDecay),
        "rmsprop" => new RmsProp<T>(parameters, learningRate, momentum: momentum ?? 0.0, weightDecay: weightDecay),
        "adam" => new Adam<T>(parameters, learningRate, beta1: momentum ?? 0.9, beta2: beta2, weightDecay: weightDecay, epsilonInsideSqrt: epsilonInsideSqrt),
        "adamw" => new AdamW<T>(parameters, learningRate, beta1: momentum ?? 0.9, beta2: beta2, weightDecay: weightDecay, epsilonInsideSqrt: epsilonInsideSqrt),
        "adagrad" => new Adagrad<T>(parameters, learningRate, weightDecay: weightDecay),
        _ => throw new UsageException($"unknown optimizer '{name}'; choose one of {string.Join(", ", Names)}"),
    };
}
