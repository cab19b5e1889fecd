namespace NativeNet.Cli.Optimizers;

/// <summary>
/// The hyperparameters an <c>--optimizer</c> rule is built with: <see cref="Momentum"/>, when given, is μ for
/// momentum/nesterov, the momentum of rmsprop and β₁ for adam/adamw (null: each rule's default);
/// <see cref="Beta2"/> and <see cref="EpsilonInsideSqrt"/> apply to adam and adamw only.
/// </summary>
internal sealed record OptimizerHyperparameters(double LearningRate, double? Momentum, double WeightDecay, double Beta2, bool EpsilonInsideSqrt);
