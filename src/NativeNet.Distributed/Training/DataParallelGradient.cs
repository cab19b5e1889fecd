using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using NativeNet.Distributed.Communication;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Regularization;
using NativeNet.Tensors;
using NativeNet.Training;

namespace NativeNet.Distributed.Training;

/// <summary>
/// A <see cref="Solver{T}"/>'s step gradient computed data-parallel: the minibatch (the same on every rank, from the
/// same seeded shuffle) is cut into <see cref="ShardLayout.Shards"/> fixed shards, each rank computes the gradients
/// of its own shards, and the shard gradients are summed in one fixed binary tree over the shard index. Every rank
/// ends the step with the same bits, and those bits do not depend on the number of ranks.
/// </summary>
/// <remarks>
/// <para>
/// A rank runs its S/P shards side by side, layer by layer, on replicas of the model
/// (<see cref="Sequential{T}.CreateReplica"/>: the model's parameter values, gradients and workspaces of their own), and
/// sums their gradients straight from the replicas in one pass. Each shard back-propagates the gradient of its share of
/// the minibatch's mean loss (its loss gradient scaled by its rows / minibatch rows), so the tree's root is the gradient
/// of the minibatch's mean loss. The loss value travels as one more element of the same vector. The weight penalty is
/// added once, after the sum. A model with layers that cannot be replicated (not registered) runs its shards one after
/// the other instead, each gradient copied out.
/// </para>
/// <para>
/// Dropout masks are keyed by sample: each dropout layer takes one key per step from its generator, as in one
/// process, and every sample draws its mask from its own index in the minibatch (<see cref="Dropout{T}.KeyNextMask"/>),
/// so the masks are those of the plain solver whatever the shard and rank counts.
/// </para>
/// <para>
/// Batch normalization is synchronized: it normalizes with the statistics of the whole minibatch. Its per-feature
/// sums are taken per shard, added in the same shard tree and across ranks, forward (Σ(x − k), Σ(x − k)² with k the
/// minibatch's first sample, sent by the rank that holds it) and backward (Σdz, Σdz·x̂); the replicas are what lets
/// every shard of every rank reach a batch-norm layer before any goes on.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed unsafe class DataParallelGradient<T> : IMinibatchGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ICommunicator _communicator;
    private readonly Sequential<T> _model;
    private readonly int _gradientLength;
    // The model and one replica per further shard of this rank: the shards run side by side, and their gradients are
    // summed straight from the replicas. A model that cannot be replicated (and has no batch normalization) runs its
    // shards one after the other, each gradient copied out to a leaf of its own.
    private readonly Sequential<T>[] _replicas;
    private readonly NdArray<T>[] _leafCopies;
    // Per parameter, the address of each shard's gradient; the shard losses are one more "parameter".
    private readonly nint[][] _leaves;
    private readonly NdArray<T> _shardLoss;
    private readonly T[] _sum, _received;
    private readonly Dropout<T>[][] _dropouts;
    private readonly ulong[] _maskKeys;
    private readonly BatchNormSync[] _batchNorms;
    private readonly NdArray<T>?[] _inputs, _gradients;
    // Each replica's scaled loss gradient: the loss hands every shard the same buffer.
    private readonly ActivationBuffer<T>[] _lossGradients;
    private readonly (int Start, int Count)[] _rows;
    // The first shard with rows this step: the one holding the minibatch's first sample.
    private int _firstRowShard;

    /// <summary>
    /// Prepares data-parallel steps for <paramref name="model"/> and checks, with every rank, that all of them start
    /// from the same parameters and shard count.
    /// </summary>
    /// <param name="communicator">The ranks; every rank constructs this with its own replica of the model.</param>
    /// <param name="model">The model the solver trains.</param>
    /// <param name="shards">Shards per minibatch: a power of two, at least the largest rank count the run may use (a
    /// resumed run may use another), and part of what the result depends on.</param>
    /// <exception cref="ArgumentException">
    /// A layer draws random numbers other than dropout masks, a model with batch normalization cannot be replicated
    /// (<see cref="Sequential{T}.CreateReplica"/>), or the shard and rank counts do not fit (<see cref="ShardLayout"/>).
    /// </exception>
    /// <exception cref="DistributedException">The ranks' models or shard counts differ.</exception>
    public DataParallelGradient(ICommunicator communicator, Sequential<T> model, int shards)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(model);
        foreach (var layer in model.Layers)
            if (layer.RandomSource is not null && layer is not Dropout<T>)
                throw new ArgumentException(
                    $"Layer '{layer.Name}' ({layer}) draws random numbers of its own; data-parallel training keys only dropout masks by sample, " +
                    "so its draws would depend on the number of ranks.", nameof(model));
        Layout = new ShardLayout(shards, communicator.Size);
        _communicator = communicator;
        _model = model;
        foreach (var p in model.Parameters) _gradientLength += p.Length;
        int perRank = Layout.ShardsPerRank;

        bool synchronized = model.Layers.Any(l => l is BatchNorm<T>);
        _replicas = [model];
        if (perRank > 1)
        {
            try
            {
                _replicas = [model, .. Enumerable.Range(1, perRank - 1).Select(_ => model.CreateReplica())];
            }
            catch (ArgumentException) when (!synchronized)
            {
                // Unregistered layers: the shards run one after the other on the model.
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(
                    $"Synchronized batch normalization runs a rank's shards side by side on replicas of the model, which this model cannot give: {e.Message}",
                    nameof(model), e);
            }
        }
        _shardLoss = new NdArray<T>(perRank);
        _leafCopies = _replicas.Length == perRank ? [] : [.. Enumerable.Range(0, perRank).Select(_ => new NdArray<T>(_gradientLength))];
        _leaves = new nint[model.Parameters.Count + 1][];
        for (int i = 0, offset = 0; i < model.Parameters.Count; offset += model.Parameters[i].Length, i++)
        {
            int at = offset, index = i;
            _leaves[i] = [.. Enumerable.Range(0, perRank).Select(r => _leafCopies.Length > 0
                ? (nint)(_leafCopies[r].Pointer + at)
                : (nint)_replicas[r].Parameters[index].Grad.Pointer)];
        }
        _leaves[^1] = [.. Enumerable.Range(0, perRank).Select(r => (nint)(_shardLoss.Pointer + r))];
        // One more element carries the loss through the same all-reduce as the gradients.
        _sum = new T[_gradientLength + 1];
        _received = new T[_gradientLength + 1];

        _dropouts = _replicas.Select(m => m.Layers.OfType<Dropout<T>>().ToArray()).ToArray();
        _maskKeys = new ulong[_dropouts[0].Length];
        _batchNorms = synchronized
            ? model.Layers.Select((l, i) => l is BatchNorm<T> bn ? new BatchNormSync(i, bn.Features, perRank) : null).OfType<BatchNormSync>().ToArray()
            : [];
        _inputs = new NdArray<T>?[_replicas.Length];
        _gradients = new NdArray<T>?[_replicas.Length];
        _lossGradients = [.. _replicas.Select(_ => new ActivationBuffer<T>())];
        _rows = new (int, int)[Layout.Shards];
        ConfigurationCheck.Verify(communicator, "shard count and initial model state", Fingerprint(model, shards));
    }

    /// <summary>The shards per minibatch and their ranks.</summary>
    public ShardLayout Layout { get; }

    /// <summary>The ranks.</summary>
    public ICommunicator Communicator => _communicator;

    /// <inheritdoc/>
    public T Compute(Sequential<T> model, ClassificationLoss<T> loss, NdArray<T> features, ReadOnlySpan<int> labels, WeightPenalty? penalty)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return Step(model, features, labels.Length, loss, labels, null, null, penalty);
    }

    /// <inheritdoc/>
    public T Compute(Sequential<T> model, ElementwiseLoss<T> loss, NdArray<T> features, NdArray<T> targets, WeightPenalty? penalty)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(targets);
        return Step(model, features, targets.Rows, null, default, loss, targets, penalty);
    }

    // One step against labels (classification) or targets.
    private T Step(Sequential<T> model, NdArray<T> features, int rows, ClassificationLoss<T>? loss, ReadOnlySpan<int> labels,
        ElementwiseLoss<T>? targetLoss, NdArray<T>? targets, WeightPenalty? penalty)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!ReferenceEquals(model, _model))
            throw new ArgumentException("This data-parallel gradient was prepared for another model.", nameof(model));
        if (features.Rows != rows)
            throw new ArgumentException($"{rows} {(loss is null ? "target rows" : "labels")} for a minibatch of {features.Rows} samples.", loss is null ? nameof(targets) : nameof(labels));
        for (int s = 0; s < Layout.Shards; s++) _rows[s] = Layout.Rows(s, rows);
        _firstRowShard = Array.FindIndex(_rows, shard => shard.Count > 0);

        // One key per dropout layer and step, drawn as the plain solver's forward draws it.
        for (int i = 0; i < _maskKeys.Length; i++)
            if (_dropouts[0][i].DropProbability > 0) _maskKeys[i] = _dropouts[0][i].RandomSource!.NextUInt64();

        int first = Layout.FirstShard(_communicator.Rank);
        for (int wave = first; wave < first + Layout.ShardsPerRank; wave += _replicas.Length)
        {
            RunShards(wave, wave - first, features, rows, loss, labels, targetLoss, targets);
            // An empty shard's leaf is zero.
            for (int r = 0; r < _replicas.Length; r++)
                if (_rows[wave + r].Count == 0)
                {
                    _replicas[r].ZeroGrad();
                    _shardLoss[wave + r - first] = T.Zero;
                }
            if (_leafCopies.Length > 0) CopyLeaf(wave - first);
        }

        fixed (T* root = _sum)
        {
            for (int i = 0, offset = 0; i < _leaves.Length; i++)
            {
                int length = i < model.Parameters.Count ? model.Parameters[i].Length : 1;
                ShardTreeSum.Sum(_leaves[i], length, root + offset);
                offset += length;
            }
        }
        RankTreeSum.AllReduce(_communicator, _sum, _received);

        int at = 0;
        foreach (var p in model.Parameters)
        {
            _sum.AsSpan(at, p.Length).CopyTo(p.Grad.Span);
            at += p.Length;
        }
        T total = _sum[at];
        return penalty is null ? total : total + penalty.Apply(model.Parameters);
    }

    // Forward, loss and backward of the shards wave, wave + 1, … (one per replica; the rank's shards from localWave on),
    // layer by layer across the replicas, so that a batch-norm layer sees every shard's sums before any shard goes on.
    private void RunShards(int wave, int localWave, NdArray<T> features, int rows, ClassificationLoss<T>? loss, ReadOnlySpan<int> labels,
        ElementwiseLoss<T>? targetLoss, NdArray<T>? targets)
    {
        int width = _replicas.Length;
        try
        {
            for (int r = 0; r < width; r++)
            {
                var (start, count) = _rows[wave + r];
                _inputs[r] = count == 0 ? null : features.Slice(start, count);
                _gradients[r] = null;
                if (count == 0) continue;
                _replicas[r].BeginGradientStep();
                for (int i = 0; i < _maskKeys.Length; i++) _dropouts[r][i].KeyNextMask(_maskKeys[i], start);
            }

            var layers = _model.Layers;
            int sync = 0;
            for (int l = 0; l < layers.Count; l++)
            {
                if (sync < _batchNorms.Length && _batchNorms[sync].LayerIndex == l)
                {
                    _batchNorms[sync++].Forward(this, rows);
                    continue;
                }
                for (int r = 0; r < width; r++)
                    if (_inputs[r] is { } x) _inputs[r] = _replicas[r].Layers[l].Forward(x, training: true);
            }

            for (int r = 0; r < width; r++)
            {
                if (_inputs[r] is not { } scores) continue;
                var (start, count) = _rows[wave + r];
                var (shardLoss, gradient) = loss is not null
                    ? loss.Compute(scores, labels.Slice(start, count))
                    : targetLoss!.Compute(scores, targets!.Slice(start, count));
                T share = T.CreateChecked(count) / T.CreateChecked(rows);
                _shardLoss[localWave + r] = shardLoss * share;
                var scaled = _lossGradients[r].Get(gradient.Shape);
                TensorPrimitives.Multiply(gradient.Span, share, scaled.Span);
                _gradients[r] = scaled;
            }

            for (int l = layers.Count - 1; l >= 0; l--)
            {
                if (sync > 0 && _batchNorms[sync - 1].LayerIndex == l)
                {
                    _batchNorms[--sync].Backward(this, rows);
                    continue;
                }
                for (int r = 0; r < width; r++)
                {
                    if (_gradients[r] is not { } g) continue;
                    var layer = _replicas[r].Layers[l];
                    if (l == 0) layer.BackwardParametersOnly(g);
                    else _gradients[r] = layer.Backward(g);
                }
            }
        }
        finally
        {
            foreach (var replica in _replicas) replica.EndGradientStep();
        }
    }

    // Shards run one after the other: the one just computed leaves its gradient in a copy of its own.
    private void CopyLeaf(int localShard)
    {
        var leaf = _leafCopies[localShard].Span;
        int offset = 0;
        foreach (var p in _model.Parameters)
        {
            p.Grad.Span.CopyTo(leaf.Slice(offset, p.Length));
            offset += p.Length;
        }
    }

    // What every rank must agree on before the first step: the shard count, the element type and every parameter and buffer.
    private static byte[] Fingerprint(Sequential<T> model, int shards)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(shards));
        hash.AppendData(Encoding.UTF8.GetBytes(typeof(T).Name));
        foreach (var (name, value) in model.State())
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(MemoryMarshal.AsBytes(value.Span));
        }
        return hash.GetHashAndReset();
    }

    /// <summary>One batch-norm layer's sums, added over the shards of every rank in the shard tree.</summary>
    private sealed class BatchNormSync
    {
        private readonly NdArray<T>[] _parts;
        private readonly nint[] _leaves;
        private readonly T[] _sums, _received, _shift;

        public BatchNormSync(int layer, int features, int shardsPerRank)
        {
            LayerIndex = layer;
            _parts = [.. Enumerable.Range(0, shardsPerRank).Select(_ => new NdArray<T>(2 * features))];
            _leaves = [.. _parts.Select(part => (nint)part.Pointer)];
            _sums = new T[2 * features];
            _received = new T[2 * features];
            _shift = new T[features];
        }

        /// <summary>The batch-norm layer's index in the model.</summary>
        public int LayerIndex { get; }

        // Every replica's shard normalized with the minibatch's statistics; k is the minibatch's first sample, sent by
        // the rank whose shard holds it.
        public void Forward(DataParallelGradient<T> owner, int rows)
        {
            var layout = owner.Layout;
            int holder = owner._firstRowShard, first = layout.FirstShard(owner._communicator.Rank);
            if (holder >= first && holder < first + layout.ShardsPerRank)
                owner._inputs[holder - first]!.Span[.._shift.Length].CopyTo(_shift);
            owner._communicator.Broadcast(MemoryMarshal.AsBytes(_shift.AsSpan()), holder / layout.ShardsPerRank);

            for (int r = 0; r < _parts.Length; r++)
            {
                if (owner._inputs[r] is { } x) BatchNormOf(owner, r).ForwardPartialSums(x, _shift, _parts[r].Span);
                else _parts[r].Clear();
            }
            Reduce(owner);
            for (int r = 0; r < _parts.Length; r++)
            {
                // A replica without rows still takes the statistics in, or its running averages (the model's, on
                // replica 0) would lag behind those of the ranks whose first shard has rows.
                if (owner._inputs[r] is { } x) owner._inputs[r] = BatchNormOf(owner, r).ForwardWithBatchSums(x, _shift, _sums, rows);
                else BatchNormOf(owner, r).UpdateRunningStatistics(_shift, _sums, rows);
            }
        }

        public void Backward(DataParallelGradient<T> owner, int rows)
        {
            for (int r = 0; r < _parts.Length; r++)
            {
                if (owner._gradients[r] is { } g) BatchNormOf(owner, r).BackwardPartialSums(g, _parts[r].Span);
                else _parts[r].Clear();
            }
            Reduce(owner);
            for (int r = 0; r < _parts.Length; r++)
                if (owner._gradients[r] is not null) owner._gradients[r] = BatchNormOf(owner, r).BackwardWithBatchSums(_sums, rows);
        }

        private void Reduce(DataParallelGradient<T> owner)
        {
            fixed (T* sums = _sums) ShardTreeSum.Sum(_leaves, _sums.Length, sums);
            RankTreeSum.AllReduce(owner._communicator, _sums, _received);
        }

        private BatchNorm<T> BatchNormOf(DataParallelGradient<T> owner, int replica) => (BatchNorm<T>)owner._replicas[replica].Layers[LayerIndex];
    }
}
