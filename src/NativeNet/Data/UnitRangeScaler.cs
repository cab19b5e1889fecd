using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>Maps values from [<see cref="Low"/>, <see cref="High"/>] to [0, 1]: x → (x − low) / (high − low).</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class UnitRangeScaler<T> : IFeatureTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _scale;

    /// <summary>A scaler for a known range, e.g. (0, 255) for 8-bit pixels or (0, 16) for the digits dataset.</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not greater than <paramref name="low"/>, or either is not finite.</exception>
    public UnitRangeScaler(T low, T high)
    {
        if (!T.IsFinite(low) || !T.IsFinite(high) || high <= low)
            throw new ArgumentException($"A unit-range scaler needs finite low < high, not [{low}, {high}].", nameof(high));
        Low = low;
        High = high;
        _scale = T.One / (high - low);
    }

    /// <summary>The value mapped to 0.</summary>
    public T Low { get; }

    /// <summary>The value mapped to 1.</summary>
    public T High { get; }

    /// <summary>Fits the range to the minimum and maximum of the training features (all features share one range).</summary>
    /// <exception cref="ArgumentException">The training features are empty, constant or not finite.</exception>
    public static UnitRangeScaler<T> Fit(NdArray<T> trainFeatures)
    {
        FeatureStatistics.RequireSamples(trainFeatures);
        return new UnitRangeScaler<T>(trainFeatures.Min(), trainFeatures.Max());
    }

    /// <inheritdoc/>
    public void Apply(NdArray<T> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Span<T> values = features.Span;
        TensorPrimitives.Subtract(values, Low, values);
        TensorPrimitives.Multiply(values, _scale, values);
    }
}
