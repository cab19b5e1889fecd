using System.Numerics;
using NativeNet.Cli.Registries;
using NativeNet.Layers;
using NativeNet.Optimizers;

namespace NativeNet.Cli.Optimizers;

/// <summary>
/// The <c>--optimizer</c> names and the library optimizer each one builds, shared by <c>train</c>, <c>playground</c>
/// and the experiments so that all of them run the same classes.
/// </summary>
internal static class OptimizerCatalog
{
    /// <summary>Every rule with its hyperparameters; <see cref="Create"/> builds each of them (a test checks that it does).</summary>
    public static Registry<OptimizerKind> Registry { get; } = new("optimizer",
    [
        new("sgd", "w ← w − η·g; --weight-decay."),
        new("momentum", "Heavy ball, v ← μ·v − η·g, w ← w + v; --momentum μ (0.9), --weight-decay."),
        new("nesterov", "Nesterov momentum, the gradient taken at the look-ahead point; --momentum μ (0.9), --weight-decay."),
        new("rmsprop", "g divided by the root of a running mean of g² (decay 0.99); --momentum (0), --weight-decay."),
        new("adam", "Bias-corrected running means of g and g²; --momentum β₁ (0.9), β₂ (0.999), --weight-decay (coupled)."),
        new("adamw", "Adam with decoupled weight decay; --momentum β₁ (0.9), β₂ (0.999), --weight-decay (decoupled)."),
        new("adagrad", "g divided by the root of the sum of all past g²; --weight-decay."),
    ]);

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

    /// <summary>The <c>--weight-decay-mode</c> choices, with Δ the rule's own step.</summary>
    public static Registry<WeightDecayModeKind> WeightDecayModes { get; } = new("weight decay mode",
    [
        new("coupled", "λ·w added to the gradient, PyTorch's weight_decay", WeightDecayMode.Coupled),
        new("decoupled", "w ← w·(1 − η·λ) − Δ, AdamW's", WeightDecayMode.Decoupled),
        new("unscaled", "w ← w·(1 − λ) − Δ, i.e. θ ← θ − η∇J − λθ", WeightDecayMode.Unscaled),
    ]);

    /// <summary>The <c>--weight-decay-mode</c> value <paramref name="name"/> as the library's mode; null (the rule's own) stays null.</summary>
    public static WeightDecayMode? ParseWeightDecayMode(string? name) => name is null ? null : WeightDecayModes.Get(name).Mode;

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
        _ => throw new UsageException(Registry.Unknown(name)),
    };
}
