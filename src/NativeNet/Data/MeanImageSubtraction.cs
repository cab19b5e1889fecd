using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>Subtracts the mean training sample (the "mean image") from every sample.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanImageSubtraction<T> : IFeatureTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _mean;

    private MeanImageSubtraction(T[] mean, int[] sampleShape)
    {
        _mean = mean;
        MeanImage = NdArray<T>.FromArray(mean, sampleShape);
    }

    /// <summary>The fitted mean sample (shape of one sample).</summary>
    public NdArray<T> MeanImage { get; }

    /// <summary>Fits the mean over the samples of <paramref name="trainFeatures"/> (the training split only).</summary>
    public static MeanImageSubtraction<T> Fit(NdArray<T> trainFeatures)
    {
        FeatureStatistics.RequireSamples(trainFeatures);
        return new MeanImageSubtraction<T>(FeatureStatistics.ToElementType<T>(FeatureStatistics.Mean(trainFeatures)), trainFeatures.Shape[1..].ToArray());
    }

    /// <inheritdoc/>
    public void Apply(NdArray<T> features)
    {
        FeatureStatistics.RequireSampleLength(features, _mean.Length, "Mean-image subtraction");
        int d = _mean.Length;
        Span<T> values = features.Span;
        for (int i = 0; i < features.Rows; i++)
        {
            var row = values.Slice(i * d, d);
            TensorPrimitives.Subtract<T>(row, _mean, row);
        }
    }
}
