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
    private readonly NdArray<T> _sourceFeatures;
    private readonly int[] _sourceLabels;
    private readonly NdArray<T>? _sourceTargets;
    private readonly NdArray<T> _buffer;
    private readonly int[] _labels;
    private readonly NdArray<T>? _targetBuffer;
    private NdArray<T>? _partial;

    /// <summary>Creates a gatherer for batches of up to <paramref name="batchSize"/> samples of <paramref name="source"/>.</summary>
    public MinibatchGatherer(Dataset<T> source, int batchSize)
        : this(source?.Features!, source?.Labels!, null, batchSize)
    {
    }

    /// <summary>
    /// Creates a gatherer for batches of up to <paramref name="batchSize"/> samples of <paramref name="source"/>, their
    /// targets gathered into <see cref="Targets"/> (and no labels).
    /// </summary>
    public MinibatchGatherer(TargetDataset<T> source, int batchSize)
        : this(source?.Features!, [], source?.Targets, batchSize)
    {
    }

    private MinibatchGatherer(NdArray<T> features, int[] labels, NdArray<T>? targets, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(features, "source");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _sourceFeatures = features;
        _sourceLabels = labels;
        _sourceTargets = targets;
        var shape = features.Shape.ToArray();
        shape[0] = batchSize;
        _buffer = new NdArray<T>(shape);
        BatchSize = batchSize;
        _labels = new int[targets is null ? batchSize : 0];
        if (targets is not null) _targetBuffer = new NdArray<T>(batchSize, targets.RowLength);
        Features = _buffer.Slice(0, 0);
        Targets = _targetBuffer?.Slice(0, 0);
    }

    /// <summary>The largest batch.</summary>
    public int BatchSize { get; }

    /// <summary>The number of samples in the current batch.</summary>
    public int Count { get; private set; }

    /// <summary>The current batch's features, shape (<see cref="Count"/>, ...): a view of the reusable buffer.</summary>
    public NdArray<T> Features { get; private set; }

    /// <summary>The current batch's labels (empty when gathering from a <see cref="TargetDataset{T}"/>).</summary>
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Math.Min(Count, _labels.Length));

    /// <summary>The current batch's targets, shape (<see cref="Count"/>, K), when gathering from a <see cref="TargetDataset{T}"/>; null otherwise.</summary>
    public NdArray<T>? Targets { get; private set; }

    /// <summary>The number of batches per epoch (the last one may be partial).</summary>
    public int BatchesPerEpoch => (_sourceFeatures.Rows + BatchSize - 1) / BatchSize;

    /// <summary>Copies the samples at <paramref name="indices"/> into the batch buffer.</summary>
    /// <exception cref="ArgumentException">More indices than <see cref="BatchSize"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the dataset.</exception>
    public unsafe void Gather(ReadOnlySpan<int> indices)
    {
        if (indices.Length > BatchSize)
            throw new ArgumentException($"{indices.Length} indices do not fit a batch of {BatchSize}.", nameof(indices));
        int count = _sourceFeatures.Rows;
        foreach (int index in indices)
            if ((uint)index >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Sample index {index} is outside the {count} samples.");
        if (_sourceTargets is null)
        {
            ref int srcLabels = ref MemoryMarshal.GetArrayDataReference(_sourceLabels);
            for (int i = 0; i < indices.Length; i++)
                _labels[i] = Unsafe.Add(ref srcLabels, indices[i]);
        }
        else
        {
            // A few values per sample: a plain copy, no hand-off to threads.
            int k = _sourceTargets.RowLength;
            ReadOnlySpan<T> source = _sourceTargets.Span;
            Span<T> target = _targetBuffer!.Span;
            for (int i = 0; i < indices.Length; i++) source.Slice(indices[i] * k, k).CopyTo(target.Slice(i * k, k));
        }
        fixed (int* order = indices)
        {
            // Rows sit at random places of a large array, so the copy waits on memory: threads share it by fixed row
            // chunks (a copy, so the result does not depend on who copies what).
            var copy = new RowCopy
            {
                Source = _sourceFeatures.Pointer, Destination = _buffer.Pointer, Order = order, Rows = indices.Length,
                Length = _sourceFeatures.RowLength,
            };
            Parallelism.Run(ref copy, (indices.Length + RowsPerPartition - 1) / RowsPerPartition, ParallelThreads(indices.Length));
        }
        Count = indices.Length;
        Features = ViewFor(indices.Length);
        if (_targetBuffer is not null) Targets = indices.Length == BatchSize ? _targetBuffer : _targetBuffer.Slice(0, indices.Length);
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
    private int ParallelThreads(int rows) => (long)rows * _sourceFeatures.RowLength * Unsafe.SizeOf<T>() >= 1 << 16 ? int.MaxValue : 1;

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
