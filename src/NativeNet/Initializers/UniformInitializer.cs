using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Initializers;

/// <summary>Draws each element uniformly from [low, high).</summary>
public sealed class UniformInitializer : Initializer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="low">The lower bound (finite).</param>
    /// <param name="high">The upper bound (finite, ≥ <paramref name="low"/>).</param>
    public UniformInitializer(double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || high < low)
            throw new ArgumentException($"Uniform bounds [{low}, {high}) must be finite with low ≤ high.", nameof(high));
        Low = low;
        High = high;
    }

    /// <summary>The lower bound.</summary>
    public double Low { get; }

    /// <summary>The upper bound (exclusive).</summary>
    public double High { get; }

    /// <inheritdoc/>
    public override void Fill<T>(NdArray<T> tensor, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        rng.FillUniform(tensor.Span, T.CreateTruncating(Low), T.CreateTruncating(High));
    }

    /// <inheritdoc/>
    public override string ToString() => $"Uniform[{Low}, {High})";
}
