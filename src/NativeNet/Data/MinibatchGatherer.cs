using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Kernels;
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
    public unsafe void Gather(ReadOnlySpan<int> indices)
    {
        if (indices.Length > BatchSize)
            throw new ArgumentException($"{indices.Length} indices do not fit a batch of {BatchSize}.", nameof(indices));
        int count = _source.Count;
        foreach (int index in indices)
            if ((uint)index >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Sample index {index} is outside the {count} samples.");
        ref int srcLabels = ref MemoryMarshal.GetArrayDataReference(_source.Labels);
        for (int i = 0; i < indices.Length; i++)
            _labels[i] = Unsafe.Add(ref srcLabels, indices[i]);
        fixed (int* order = indices)
        {
            // Rows sit at random places of a large array, so the copy waits on memory: threads share it by fixed row
            // chunks (a copy, so the result does not depend on who copies what).
            var copy = new RowCopy
            {
                Source = _source.Features.Pointer, Destination = _buffer.Pointer, Order = order, Rows = indices.Length,
                Length = _source.SampleLength,
            };
            Parallelism.Run(ref copy, (indices.Length + RowsPerPartition - 1) / RowsPerPartition, ParallelThreads(indices.Length));
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

    private const int RowsPerPartition = 16;

    // Below ~64 KB a hand-off costs more than the copy.
    private int ParallelThreads(int rows) => (long)rows * _source.SampleLength * Unsafe.SizeOf<T>() >= 1 << 16 ? int.MaxValue : 1;

    private unsafe struct RowCopy : IPartitionedWork
    {
        public T* Source, Destination;
        public int* Order;
        public int Rows, Length;

        public readonly void Execute(int partition)
        {
            int end = Math.Min(Rows, (partition + 1) * RowsPerPartition);
            nint bytes = (nint)Length * sizeof(T);
            for (int i = partition * RowsPerPartition; i < end; i++)
                Buffer.MemoryCopy(Source + (nint)Order[i] * Length, Destination + (nint)i * Length, bytes, bytes);
        }
    }

    private NdArray<T> ViewFor(int count)
    {
        if (count == BatchSize) return _buffer;
        if (_partial is null || _partial.Rows != count) _partial = _buffer.Slice(0, count);
        return _partial;
    }
}
