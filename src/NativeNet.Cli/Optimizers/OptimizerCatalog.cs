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
    /// <summary>Every rule with its hyperparameters and the factory that builds it: a new rule is one entry here.</summary>
    public static Registry<OptimizerKind> Registry { get; } = new("optimizer",
    [
        new("sgd", "w ← w − η·g; --weight-decay.", new SgdRule()),
        new("momentum", "Heavy ball, v ← μ·v − η·g, w ← w + v; --momentum μ (0.9), --weight-decay.", new MomentumRule(Nesterov: false)),
        new("nesterov", "Nesterov momentum, the gradient taken at the look-ahead point; --momentum μ (0.9), --weight-decay.", new MomentumRule(Nesterov: true)),
        new("rmsprop", "g divided by the root of a running mean of g² (decay 0.99); --momentum (0), --weight-decay.", new RmsPropRule()),
        new("adam", "Bias-corrected running means of g and g²; --momentum β₁ (0.9), β₂ (0.999), --weight-decay (coupled).", new AdamRule()),
        new("adamw", "Adam with decoupled weight decay; --momentum β₁ (0.9), β₂ (0.999), --weight-decay (decoupled).", new AdamWRule()),
        new("adagrad", "g divided by the root of the sum of all past g²; --weight-decay.", new AdagradRule()),
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
        var optimizer = Registry.Get(name).Factory.Create(parameters, new OptimizerHyperparameters(learningRate, momentum, weightDecay, beta2, epsilonInsideSqrt));
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

    // One factory per rule: C# has no generic lambdas, so each is a small class whose method is generic in T.
    private sealed class SgdRule : IOptimizerFactory
    {
        public Optimizer<T> Create<T>(IEnumerable<Parameter<T>> parameters, OptimizerHyperparameters h) where T : unmanaged, IFloatingPointIeee754<T> =>
            new Sgd<T>(parameters, h.LearningRate, h.WeightDecay);
    }

    private sealed record MomentumRule(bool Nesterov) : IOptimizerFactory
    {
        public Optimizer<T> Create<T>(IEnumerable<Parameter<T>> parameters, OptimizerHyperparameters h) where T : unmanaged, IFloatingPointIeee754<T> =>
            new Momentum<T>(parameters, h.LearningRate, h.Momentum ?? 0.9, nesterov: Nesterov, weightDecay: h.WeightDecay);
    }

    private sealed class RmsPropRule : IOptimizerFactory
    {
        public Optimizer<T> Create<T>(IEnumerable<Parameter<T>> parameters, OptimizerHyperparameters h) where T : unmanaged, IFloatingPointIeee754<T> =>
            new RmsProp<T>(parameters, h.LearningRate, momentum: h.Momentum ?? 0.0, weightDecay: h.WeightDecay);
    }

    private sealed class AdamRule : IOptimizerFactory
    {
        public Optimizer<T> Create<T>(IEnumerable<Parameter<T>> parameters, OptimizerHyperparameters h) where T : unmanaged, IFloatingPointIeee754<T> =>
            new Adam<T>(parameters, h.LearningRate, beta1: h.Momentum ?? 0.9, beta2: h.Beta2, weightDecay: h.WeightDecay, epsilonInsideSqrt: h.EpsilonInsideSqrt);
    }

    private sealed class AdamWRule : IOptimizerFactory
    {
        public Optimizer<T> Create<T>(IEnumerable<Parameter<T>> parameters, OptimizerHyperparameters h) where T : unmanaged, IFloatingPointIeee754<T> =>
            new AdamW<T>(parameters, h.LearningRate, beta1: h.Momentum ?? 0.9, beta2: h.Beta2, weightDecay: h.WeightDecay, epsilonInsideSqrt: h.EpsilonInsideSqrt);
    }

    private sealed class AdagradRule : IOptimizerFactory
    {
        public Optimizer<T> Create<T>(IEnumerable<Parameter<T>> parameters, OptimizerHyperparameters h) where T : unmanaged, IFloatingPointIeee754<T> =>
            new Adagrad<T>(parameters, h.LearningRate, weightDecay: h.WeightDecay);
    }
}
