using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Copies the samples of a minibatch (any set of indices, typically a stretch of an epoch's permutation) into a
/// reusable batch buffer. After the first full and the first partial batch, gathering allocates nothing.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MinibatchGatherer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _source;
    private readonly NdArray<T> _buffer;
    private readonly int[] _labels;
    private NdArray<T>? _partial;

    /// <summary>Creates a gatherer for batches of up to <paramref name="batchSize"/> samples of <paramref name="source"/>.</summary>
    public MinibatchGatherer(Dataset<T> source, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _source = source;
        var shape = source.Features.Shape.ToArray();
        shape[0] = batchSize;
        _buffer = new NdArray<T>(shape);
        _labels = new int[batchSize];
        Features = _buffer.Slice(0, 0);
    }

    /// <summary>The largest batch.</summary>
    public int BatchSize => _labels.Length;

    /// <summary>The number of samples in the current batch.</summary>
    public int Count { get; private set; }

    /// <summary>The current batch's features, shape (<see cref="Count"/>, ...): a view of the reusable buffer.</summary>
    public NdArray<T> Features { get; private set; }

    /// <summary>The current batch's labels.</summary>
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Count);

    /// <summary>The number of batches per epoch (the last one may be partial).</summary>
    public int BatchesPerEpoch => (_source.Count + BatchSize - 1) / BatchSize;

    /// <summary>Copies the samples at <paramref name="indices"/> into the batch buffer.</summary>
    /// <exception cref="ArgumentException">More indices than <see cref="BatchSize"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the dataset.</exception>
    public void Gather(ReadOnlySpan<int> indices)
    {
        if (indices.Length > BatchSize)
            throw new ArgumentException($"{indices.Length} indices do not fit a batch of {BatchSize}.", nameof(indices));
        int count = _source.Count;
        foreach (int index in indices)
            if ((uint)index >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Sample index {index} is outside the {count} samples.");
        int d = _source.SampleLength;
        ref T src = ref _source.Features.GetPinnableReference();
        ref T dst = ref _buffer.GetPinnableReference();
        ref int srcLabels = ref MemoryMarshal.GetArrayDataReference(_source.Labels);
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, (nint)index * d), d)
                .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dst, (nint)i * d), d));
            _labels[i] = Unsafe.Add(ref srcLabels, index);
        }
        Count = indices.Length;
        Features = ViewFor(indices.Length);
    }

    /// <summary>
    /// Gathers batch <paramref name="batchIndex"/> of an epoch whose sample order is <paramref name="order"/>
    /// (e.g. <see cref="EpochShuffler.PermutationFor"/>); returns the number of samples gathered.
    /// </summary>
    public int GatherBatch(ReadOnlySpan<int> order, int batchIndex)
    {
        int start = checked(batchIndex * BatchSize);
        if (batchIndex < 0 || start >= order.Length)
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"Batch {batchIndex} of size {BatchSize} is past the {order.Length} samples of the epoch.");
        Gather(order.Slice(start, Math.Min(BatchSize, order.Length - start)));
        return Count;
    }

    private NdArray<T> ViewFor(int count)
    {
        if (count == BatchSize) return _buffer;
        if (_partial is null || _partial.Rows != count) _partial = _buffer.Slice(0, count);
        return _partial;
    }
}
