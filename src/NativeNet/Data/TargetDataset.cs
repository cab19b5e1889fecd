using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// A dataset with real-valued targets: features of shape (N, ...) and targets of shape (N, K), one row of K values
/// per sample — K outputs of a regression, or K independent 0/1 labels of a multi-label problem.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class TargetDataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a dataset; the arrays are kept, not copied.</summary>
    /// <param name="features">The samples along the first axis.</param>
    /// <param name="targets">The targets, shape (N, K) with N the number of samples; a vector (N) is one target per sample.</param>
    /// <exception cref="ArgumentException">The counts disagree, the targets are not (N) or (N, K), or a target is not finite.</exception>
    public TargetDataset(NdArray<T> features, NdArray<T> targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rank == 0) throw new ArgumentException("Features need a sample axis; a scalar was given.", nameof(features));
        if (targets.Rank is not (1 or 2))
            throw new ArgumentException($"Targets must have shape (N) or (N, K), not {targets.ShapeString}.", nameof(targets));
        if (targets.Rank == 1) targets = targets.Reshape(targets.Length, 1);
        if (features.Rows != targets.Rows)
            throw new ArgumentException($"Features of shape {features.ShapeString} hold {features.Rows} samples but targets {targets.ShapeString} hold {targets.Rows}.", nameof(targets));
        int bad = targets.IndexOfNonFinite();
        if (bad >= 0)
            throw new ArgumentException($"Target {targets[bad]} of sample {bad / Math.Max(1, targets.RowLength)} is not finite.", nameof(targets));
        Features = features;
        Targets = targets;
    }

    /// <summary>The samples, shape (N, ...).</summary>
    public NdArray<T> Features { get; }

    /// <summary>The targets, shape (N, <see cref="TargetCount"/>).</summary>
    public NdArray<T> Targets { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Features.Rows;

    /// <summary>The number of target values per sample (K).</summary>
    public int TargetCount => Targets.Dim(1);

    /// <summary>The shape of one sample (the feature shape without its first axis).</summary>
    public ReadOnlySpan<int> SampleShape => Features.Shape[1..];

    /// <summary>The number of values per sample.</summary>
    public int SampleLength => Features.RowLength;

    /// <summary>A view (no copy) of the features of samples [<paramref name="start"/>, start + count).</summary>
    public NdArray<T> BatchFeatures(int start, int count) => Features.Slice(start, count);

    /// <summary>A view (no copy) of the targets of samples [<paramref name="start"/>, start + count).</summary>
    public NdArray<T> BatchTargets(int start, int count) => Targets.Slice(start, count);

    /// <summary>Samples [<paramref name="start"/>, start + count), as views of this dataset's storage.</summary>
    public TargetDataset<T> Slice(int start, int count) => new(Features.Slice(start, count), Targets.Slice(start, count));

    /// <summary>
    /// Splits off a validation set drawn at random with <paramref name="seed"/>, as <see cref="Dataset{T}.SplitRandom"/>
    /// does (the same seed draws the same samples); each part keeps the original sample order.
    /// </summary>
    public (TargetDataset<T> Train, TargetDataset<T> Validation) SplitRandom(int trainCount, ulong seed)
    {
        var (train, validation) = Dataset<T>.RandomSplit(Count, trainCount, seed);
        return (Subset(train), Subset(validation));
    }

    /// <summary>A new dataset holding copies of the given samples, in the given order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public TargetDataset<T> Subset(ReadOnlySpan<int> indices) => new(CopyRows(Features, indices), CopyRows(Targets, indices));

    /// <summary>Applies a fitted transform to the features in place and returns this dataset.</summary>
    public TargetDataset<T> Apply(IFeatureTransform<T> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        transform.Apply(Features);
        return this;
    }

    /// <summary>The same dataset with another element type.</summary>
    public TargetDataset<TOther> Cast<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther> =>
        new(Features.Cast<TOther>(), Targets.Cast<TOther>());

    /// <summary>A short description: count, sample shape and targets.</summary>
    public override string ToString() => $"TargetDataset<{typeof(T).Name}>: {Count} samples of {NdArray<T>.FormatShape(SampleShape)}, {TargetCount} targets";

    private NdArray<T> CopyRows(NdArray<T> source, ReadOnlySpan<int> indices)
    {
        var shape = source.Shape.ToArray();
        shape[0] = indices.Length;
        var copy = new NdArray<T>(shape);
        int rowLength = source.RowLength;
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Sample index {index} is outside the {Count} samples.");
            source.Span.Slice(index * rowLength, rowLength).CopyTo(copy.Span.Slice(i * rowLength, rowLength));
        }
        return copy;
    }
}
