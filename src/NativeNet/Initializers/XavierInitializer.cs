namespace NativeNet.Initializers;

/// <summary>
/// Xavier / Glorot initialization (Glorot &amp; Bengio 2010): std = gain · √(2 / (fan_in + fan_out)), by default
/// with gain 1 (linear, sigmoid) and the uniform distribution U(−a, a), a = gain·√(6 / (fan_in + fan_out)), as in the
/// paper and PyTorch's <c>xavier_uniform_</c>; normal gives <c>xavier_normal_</c>.
/// </summary>
/// <param name="distribution">Default uniform (Glorot's paper).</param>
/// <param name="mode">Default the fan average (fan_in + fan_out) / 2.</param>
/// <param name="nonlinearity">Default linear (gain 1); tanh gives 5/3.</param>
/// <param name="negativeSlope">Leaky ReLU's slope; default 0.01.</param>
/// <param name="fans">Explicit fans; default from the shape (fan_in = shape[0], fan_out = shape[1]).</param>
public sealed class XavierInitializer(
    InitializerDistribution distribution = InitializerDistribution.Uniform,
    FanMode mode = FanMode.FanAverage,
    Nonlinearity nonlinearity = Nonlinearity.Linear,
    double negativeSlope = InitializerGain.DefaultNegativeSlope,
    Fans? fans = null)
    : FanScaledInitializer(distribution, mode, nonlinearity, negativeSlope, fans);
