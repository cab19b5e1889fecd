using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// A labelled dataset: features of shape (N, ...) — images stay (N, C, H, W) or (N, H, W) as their file stores them —,
/// one integer label per sample, and the class names.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a dataset; labels must lie in [0, number of classes).</summary>
    /// <param name="features">The samples along the first axis.</param>
    /// <param name="labels">One label per sample; the array is kept, not copied.</param>
    /// <param name="classNames">
    /// The class names; when null, classes are named "0", "1", ... up to the largest label (formatted on demand, so a
    /// large label costs no memory here; readers bound the count by their data).
    /// </param>
    /// <exception cref="ArgumentException">Counts disagree, a label is out of range, or a label is <see cref="int.MaxValue"/> without class names.</exception>
    public Dataset(NdArray<T> features, int[] labels, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Rank == 0) throw new ArgumentException("Features need a sample axis; a scalar was given.", nameof(features));
        if (features.Rows != labels.Length)
            throw new ArgumentException($"Features of shape {features.ShapeString} hold {features.Rows} samples but {labels.Length} labels were given.", nameof(labels));
        int maxLabel = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) throw new ArgumentException($"Label {labels[i]} of sample {i} is negative.", nameof(labels));
            maxLabel = Math.Max(maxLabel, labels[i]);
        }
        if (classNames is null)
        {
            if (maxLabel == int.MaxValue)
                throw new ArgumentException($"Label {maxLabel} leaves no room for a class count; pass the class names.", nameof(labels));
            classNames = new NumberedClassNames(maxLabel + 1);
        }
        else if (maxLabel >= classNames.Count)
            throw new ArgumentException($"Label {maxLabel} is out of range for {classNames.Count} class names.", nameof(labels));
        Features = features;
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>The samples, shape (N, ...).</summary>
    public NdArray<T> Features { get; }

    /// <summary>One label per sample, each in [0, <see cref="ClassCount"/>).</summary>
    public int[] Labels { get; }

    /// <summary>The name of each class, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The shape of one sample (the feature shape without its first axis).</summary>
    public ReadOnlySpan<int> SampleShape => Features.Shape[1..];

    /// <summary>The number of values per sample.</summary>
    public int SampleLength => Features.RowLength;

    /// <summary>A view (no copy) of the features of samples [<paramref name="start"/>, start + count).</summary>
    public NdArray<T> BatchFeatures(int start, int count) => Features.Slice(start, count);

    /// <summary>A view (no copy) of the labels of samples [<paramref name="start"/>, start + count).</summary>
    public ReadOnlySpan<int> BatchLabels(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Batch [{start}, {start + count}) is outside the {Count} samples.");
        return Labels.AsSpan(start, count);
    }

    /// <summary>Samples [<paramref name="start"/>, start + count): the features are a view of this dataset's storage, the labels a copy.</summary>
    public Dataset<T> Slice(int start, int count) =>
        new(Features.Slice(start, count), BatchLabels(start, count).ToArray(), ClassNames);

    /// <summary>A new dataset holding copies of the given samples, in the given order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public Dataset<T> Subset(ReadOnlySpan<int> indices)
    {
        var shape = Features.Shape.ToArray();
        shape[0] = indices.Length;
        var features = new NdArray<T>(shape);
        var labels = new int[indices.Length];
        int rowLength = SampleLength;
        ReadOnlySpan<T> source = Features.Span;
        Span<T> target = features.Span;
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Sample index {index} is outside the {Count} samples.");
            source.Slice(index * rowLength, rowLength).CopyTo(target.Slice(i * rowLength, rowLength));
            labels[i] = Labels[index];
        }
        return new Dataset<T>(features, labels, ClassNames);
    }

    /// <summary>
    /// Splits off a validation set: the first <paramref name="trainCount"/> samples train, the rest validate
    /// (e.g. 49,000 / 1,000 of CIFAR-10's 50,000). The features are views of this dataset's storage.
    /// </summary>
    public (Dataset<T> Train, Dataset<T> Validation) SplitFirstLast(int trainCount)
    {
        ValidateTrainCount(trainCount);
        return (Slice(0, trainCount), Slice(trainCount, Count - trainCount));
    }

    /// <summary>
    /// Splits off a validation set drawn at random with <paramref name="seed"/>: the same seed gives the same split.
    /// Each part keeps the original sample order.
    /// </summary>
    public (Dataset<T> Train, Dataset<T> Validation) SplitRandom(int trainCount, ulong seed)
    {
        var (train, validation) = RandomSplit(Count, trainCount, seed);
        return (Subset(train), Subset(validation));
    }

    // The sample indices of a random split of count samples, each part in the original order; TargetDataset splits
    // the same way, so that one seed draws the same samples from either.
    internal static (int[] Train, int[] Validation) RandomSplit(int count, int trainCount, ulong seed)
    {
        if (trainCount < 0 || trainCount > count)
            throw new ArgumentOutOfRangeException(nameof(trainCount), $"Cannot take {trainCount} training samples out of {count}.");
        var order = new int[count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new Rng(seed).Shuffle(order.AsSpan());
        int[] train = order[..trainCount], validation = order[trainCount..];
        Array.Sort(train);
        Array.Sort(validation);
        return (train, validation);
    }

    /// <summary>Applies a fitted transform to the features in place and returns this dataset.</summary>
    public Dataset<T> Apply(IFeatureTransform<T> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        transform.Apply(Features);
        return this;
    }

    /// <summary>The same dataset with features of another element type.</summary>
    public Dataset<TOther> Cast<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther> =>
        new(Features.Cast<TOther>(), Labels, ClassNames);

    /// <summary>A short description: count, sample shape and classes.</summary>
    public override string ToString() => $"Dataset<{typeof(T).Name}>: {Count} samples of {NdArray<T>.FormatShape(SampleShape)}, {ClassCount} classes";

    private void ValidateTrainCount(int trainCount)
    {
        if (trainCount < 0 || trainCount > Count)
            throw new ArgumentOutOfRangeException(nameof(trainCount), $"Cannot take {trainCount} training samples out of {Count}.");
    }
}
