using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Initializers;

/// <summary>
/// Variance scaling: draws from a zero-mean distribution with standard deviation std = gain / √fan, where fan is
/// fan_in, fan_out or their mean (<see cref="FanMode"/>) and gain comes from the following activation
/// (<see cref="InitializerGain"/>). Normal samples N(0, std²); uniform samples U(−√3·std, √3·std).
/// </summary>
/// <remarks>
/// <see cref="HeInitializer"/> and <see cref="XavierInitializer"/> are this rule with different defaults. Fans come
/// from the tensor's shape (<see cref="Fans.FromShape"/>: fan_in = shape[0], fan_out = shape[1]) unless
/// <see cref="ExplicitFans"/> is given.
/// </remarks>
public abstract class FanScaledInitializer : Initializer
{
    /// <summary>Configures the rule.</summary>
    /// <param name="distribution">Normal or uniform.</param>
    /// <param name="mode">Which fan scales the variance.</param>
    /// <param name="nonlinearity">The activation after the layer, which sets the gain.</param>
    /// <param name="negativeSlope">Leaky ReLU's negative slope (used only for <see cref="Nonlinearity.LeakyReLU"/>).</param>
    /// <param name="fans">Explicit fans, overriding the ones implied by the tensor's shape; null to use the shape.</param>
    protected FanScaledInitializer(InitializerDistribution distribution, FanMode mode, Nonlinearity nonlinearity, double negativeSlope, Fans? fans)
    {
        if (!Enum.IsDefined(distribution)) throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown distribution.");
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown fan mode.");
        if (fans is { } f && (f.FanIn < 1 || f.FanOut < 1))
            throw new ArgumentOutOfRangeException(nameof(fans), fans, "Explicit fans must both be at least 1.");
        Gain = InitializerGain.For(nonlinearity, negativeSlope);
        Distribution = distribution;
        Mode = mode;
        Nonlinearity = nonlinearity;
        NegativeSlope = negativeSlope;
        ExplicitFans = fans;
    }

    /// <summary>Normal or uniform.</summary>
    public InitializerDistribution Distribution { get; }

    /// <summary>Which fan scales the variance.</summary>
    public FanMode Mode { get; }

    /// <summary>The activation the gain is for.</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <summary>Leaky ReLU's negative slope.</summary>
    public double NegativeSlope { get; }

    /// <summary>The gain, from <see cref="InitializerGain.For"/>.</summary>
    public double Gain { get; }

    /// <summary>Fans that override the shape's, or null.</summary>
    public Fans? ExplicitFans { get; }

    /// <summary>The standard deviation used for a tensor of this shape: gain / √fan.</summary>
    public double StandardDeviation(ReadOnlySpan<int> shape)
    {
        var fans = ExplicitFans ?? Fans.FromShape(shape);
        return Gain / Math.Sqrt(fans.Select(Mode));
    }

    /// <inheritdoc/>
    public override void Fill<T>(NdArray<T> tensor, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        double std = StandardDeviation(tensor.Shape);
        if (Distribution == InitializerDistribution.Normal)
        {
            rng.FillNormal(tensor.Span, T.Zero, T.CreateTruncating(std));
        }
        else
        {
            double bound = Math.Sqrt(3.0) * std;
            rng.FillUniform(tensor.Span, T.CreateTruncating(-bound), T.CreateTruncating(bound));
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{GetType().Name.Replace("Initializer", "")}({Distribution}, {Mode}, {Nonlinearity}{(Nonlinearity == Nonlinearity.LeakyReLU ? $" {NegativeSlope}" : "")})";
}
