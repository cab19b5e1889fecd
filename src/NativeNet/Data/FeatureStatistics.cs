using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>Per-feature sums over the samples of a batch, accumulated in double whatever the element type.</summary>
internal static class FeatureStatistics
{
    /// <summary>The per-feature mean over the first axis.</summary>
    public static double[] Mean<T>(NdArray<T> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSamples(features);
        int d = features.RowLength, n = features.Rows;
        var sums = new double[d];
        var row = new double[d];
        for (int i = 0; i < n; i++)
        {
            ToDouble(features.Span.Slice(i * d, d), row);
            TensorPrimitives.Add(sums, row, sums);
        }
        TensorPrimitives.Divide(sums, n, sums);
        return sums;
    }

    /// <summary>The per-feature sum of squared deviations from <paramref name="center"/>.</summary>
    public static double[] SquaredDeviationSums<T>(NdArray<T> features, ReadOnlySpan<double> center) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = features.RowLength, n = features.Rows;
        var sums = new double[d];
        var row = new double[d];
        for (int i = 0; i < n; i++)
        {
            ToDouble(features.Span.Slice(i * d, d), row);
            TensorPrimitives.Subtract(row, center, row);
            TensorPrimitives.MultiplyAdd(row, row, sums, sums);
        }
        return sums;
    }

    /// <summary>Throws unless there is at least one sample to fit on.</summary>
    public static void RequireSamples<T>(NdArray<T> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rank < 2 || features.Rows == 0)
            throw new ArgumentException($"Fitting needs at least one sample of shape (N, ...), not {features.ShapeString}.", nameof(features));
    }

    /// <summary>Throws unless <paramref name="features"/> has <paramref name="sampleLength"/> values per sample.</summary>
    public static void RequireSampleLength<T>(NdArray<T> features, int sampleLength, string transform) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rank < 1 || features.RowLength != sampleLength || (features.Rank == 1 && sampleLength != 1))
            throw new ArgumentException($"{transform} was fitted on samples of {sampleLength} values; shape {features.ShapeString} does not match.", nameof(features));
    }

    /// <summary>Converts fitted double statistics to the element type.</summary>
    public static T[] ToElementType<T>(ReadOnlySpan<double> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = T.CreateTruncating(values[i]);
        return result;
    }

    private static void ToDouble<T>(ReadOnlySpan<T> source, Span<double> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(source).CopyTo(target);
        else TensorPrimitives.ConvertChecked(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(source), target);
    }
}
