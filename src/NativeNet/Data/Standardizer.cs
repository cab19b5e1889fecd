using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Standardization x → (x − mean) / std with statistics fitted on the training split, per feature or per image
/// channel. Statistics are accumulated in double; std is the population standard deviation (numpy's default).
/// </summary>
/// <remarks>
/// A feature (or channel) whose std is at most the fit's epsilon — a pixel that is always 0, say — is only centred
/// (divided by 1), so constant inputs never produce NaN or infinity.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Standardizer<T> : IFeatureTransform<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _mean;
    private readonly T[] _inverseStd;

    private Standardizer(double[] mean, double[] std, double[] featureMean, double[] featureStd, ImageLayout? layout)
    {
        Mean = mean;
        Std = std;
        Layout = layout;
        _mean = FeatureStatistics.ToElementType<T>(featureMean);
        var inverse = new double[featureStd.Length];
        for (int i = 0; i < inverse.Length; i++) inverse[i] = 1.0 / featureStd[i];
        _inverseStd = FeatureStatistics.ToElementType<T>(inverse);
    }

    /// <summary>The fitted means: one per feature, or one per channel.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The fitted standard deviations (after the epsilon rule): one per feature, or one per channel.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>The image layout for per-channel statistics; null for per-feature statistics.</summary>
    public ImageLayout? Layout { get; }

    /// <summary>Fits one mean and std per feature (per value of a sample).</summary>
    /// <param name="trainFeatures">The training features, shape (N, ...).</param>
    /// <param name="epsilon">A std at or below this is replaced by 1.</param>
    public static Standardizer<T> FitPerFeature(NdArray<T> trainFeatures, double epsilon = 1e-8)
    {
        FeatureStatistics.RequireSamples(trainFeatures);
        double[] mean = FeatureStatistics.Mean(trainFeatures);
        double[] sq = FeatureStatistics.SquaredDeviationSums(trainFeatures, mean);
        var std = new double[sq.Length];
        for (int i = 0; i < std.Length; i++) std[i] = Guard(Math.Sqrt(sq[i] / trainFeatures.Rows), epsilon);
        return new Standardizer<T>(mean, std, mean, std, null);
    }

    /// <summary>Fits one mean and std per image channel of a rank-4 batch.</summary>
    /// <param name="trainFeatures">The training images, (N, C, H, W) or (N, H, W, C) as <paramref name="layout"/> says.</param>
    /// <param name="layout">Where the channel axis is.</param>
    /// <param name="epsilon">A std at or below this is replaced by 1.</param>
    public static Standardizer<T> FitPerChannel(NdArray<T> trainFeatures, ImageLayout layout, double epsilon = 1e-8)
    {
        FeatureStatistics.RequireSamples(trainFeatures);
        if (trainFeatures.Rank != 4)
            throw new ArgumentException($"Per-channel statistics need a rank-4 image batch, not shape {trainFeatures.ShapeString}.", nameof(trainFeatures));
        int channels = layout == ImageLayout.Nchw ? trainFeatures.Dim(1) : trainFeatures.Dim(3);
        int pixels = trainFeatures.RowLength / Math.Max(1, channels);
        int d = trainFeatures.RowLength;
        // Every channel has the same number of features, so the channel mean is the mean of its feature means.
        double[] featureMean = FeatureStatistics.Mean(trainFeatures);
        var mean = new double[channels];
        for (int f = 0; f < d; f++) mean[ChannelOf(f, layout, channels, pixels)] += featureMean[f] / pixels;
        var tiledMean = new double[d];
        for (int f = 0; f < d; f++) tiledMean[f] = mean[ChannelOf(f, layout, channels, pixels)];
        double[] sq = FeatureStatistics.SquaredDeviationSums(trainFeatures, tiledMean);
        var variance = new double[channels];
        for (int f = 0; f < d; f++) variance[ChannelOf(f, layout, channels, pixels)] += sq[f];
        var std = new double[channels];
        for (int c = 0; c < channels; c++) std[c] = Guard(Math.Sqrt(variance[c] / ((double)pixels * trainFeatures.Rows)), epsilon);
        var tiledStd = new double[d];
        for (int f = 0; f < d; f++) tiledStd[f] = std[ChannelOf(f, layout, channels, pixels)];
        return new Standardizer<T>(mean, std, tiledMean, tiledStd, layout);
    }

    /// <inheritdoc/>
    public void Apply(NdArray<T> features)
    {
        FeatureStatistics.RequireSampleLength(features, _mean.Length, "Standardization");
        int d = _mean.Length;
        Span<T> values = features.Span;
        for (int i = 0; i < features.Rows; i++)
        {
            var row = values.Slice(i * d, d);
            TensorPrimitives.Subtract<T>(row, _mean, row);
            TensorPrimitives.Multiply<T>(row, _inverseStd, row);
        }
    }

    private static int ChannelOf(int feature, ImageLayout layout, int channels, int pixels) =>
        layout == ImageLayout.Nchw ? feature / pixels : feature % channels;

    private static double Guard(double std, double epsilon) => std <= epsilon ? 1.0 : std;
}
