namespace NativeNet.Initializers;

/// <summary>
/// He / Kaiming initialization (He et al. 2015): std = gain / √fan_in, by default for ReLU, so std = √(2 / fan_in).
/// A 3072 → 50 weight of shape (3072, 50) gets std √(2/3072). Same as PyTorch's <c>kaiming_normal_</c> /
/// <c>kaiming_uniform_</c> with the given mode and nonlinearity.
/// </summary>
/// <param name="distribution">Default normal (He's paper).</param>
/// <param name="mode">Default fan_in.</param>
/// <param name="nonlinearity">Default ReLU (gain √2).</param>
/// <param name="negativeSlope">Leaky ReLU's slope; default 0.01.</param>
/// <param name="fans">Explicit fans; default from the shape (fan_in = shape[0], fan_out = shape[1]).</param>
public sealed class HeInitializer(
    InitializerDistribution distribution = InitializerDistribution.Normal,
    FanMode mode = FanMode.FanIn,
    Nonlinearity nonlinearity = Nonlinearity.ReLU,
    double negativeSlope = InitializerGain.DefaultNegativeSlope,
    Fans? fans = null)
    : FanScaledInitializer(distribution, mode, nonlinearity, negativeSlope, fans);
