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
/// Each shard back-propagates the gradient of its share of the minibatch's mean loss (its loss gradient scaled by its
/// rows / minibatch rows), so the tree's root is the gradient of the minibatch's mean loss. The loss value travels as
/// one more element of the same vector. The weight penalty is added once, after the sum.
/// </para>
/// <para>
/// Dropout masks are keyed by sample: each dropout layer takes one key per step from its generator, as in one
/// process, and every sample draws its mask from its own index in the minibatch (<see cref="Dropout{T}.KeyNextMask"/>),
/// so the masks are those of the plain solver whatever the shard and rank counts.
/// </para>
/// <para>
/// Batch normalization is synchronized: it normalizes with the statistics of the whole minibatch. Its per-feature
/// sums are taken per shard, added in the same shard tree and across ranks, forward (Σ(x − k), Σ(x − k)² with k the
/// minibatch's first sample, sent by the rank that holds it) and backward (Σdz, Σdz·x̂). Since every shard of every
/// rank must then reach a batch-norm layer before any goes on, a rank runs its shards side by side on replicas of the
/// model (built from its architecture, the parameters copied from the model each step) instead of one after the other.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class DataParallelGradient<T> : IMinibatchGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ICommunicator _communicator;
    private readonly Sequential<T> _model;
    private readonly ShardTreeSum<T> _tree;
    private readonly T[] _received;
    private readonly int _gradientLength;
    // The model and, with batch normalization, one replica per further shard of this rank: the shards run side by side.
    private readonly Sequential<T>[] _replicas;
    private readonly Dropout<T>[][] _dropouts;
    private readonly ulong[] _maskKeys;
    private readonly BatchNormSync[] _batchNorms;
    private readonly NdArray<T>?[] _inputs, _gradients;
    private readonly NdArray<T>?[] _lossGradientStorage, _lossGradientViews;
    private readonly T[] _shardLoss;
    private readonly (int Start, int Count)[] _rows;

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
        // One more element carries the loss through the same tree as the gradients.
        _tree = new ShardTreeSum<T>(_gradientLength + 1, Layout.ShardsPerRank);
        _received = new T[_gradientLength + 1];

        bool synchronized = model.Layers.Any(l => l is BatchNorm<T>);
        _replicas = new Sequential<T>[synchronized ? Layout.ShardsPerRank : 1];
        _replicas[0] = model;
        for (int r = 1; r < _replicas.Length; r++) _replicas[r] = Replicate(model);
        _dropouts = _replicas.Select(m => m.Layers.OfType<Dropout<T>>().ToArray()).ToArray();
        _maskKeys = new ulong[_dropouts[0].Length];
        _batchNorms = synchronized
            ? model.Layers.Select((l, i) => l is BatchNorm<T> bn ? new BatchNormSync(i, bn.Features, Layout.ShardsPerRank) : null).OfType<BatchNormSync>().ToArray()
            : [];
        _inputs = new NdArray<T>?[_replicas.Length];
        _gradients = new NdArray<T>?[_replicas.Length];
        _lossGradientStorage = new NdArray<T>?[_replicas.Length];
        _lossGradientViews = new NdArray<T>?[_replicas.Length];
        _shardLoss = new T[_replicas.Length];
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
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(loss);
        if (!ReferenceEquals(model, _model))
            throw new ArgumentException("This data-parallel gradient was prepared for another model.", nameof(model));
        int rows = labels.Length;
        if (features.Rows != rows)
            throw new ArgumentException($"{rows} labels for a minibatch of {features.Rows} samples.", nameof(labels));
        for (int s = 0; s < Layout.Shards; s++) _rows[s] = Layout.Rows(s, rows);

        // One key per dropout layer and step, drawn as the plain solver's forward draws it.
        for (int i = 0; i < _maskKeys.Length; i++)
            if (_dropouts[0][i].DropProbability > 0) _maskKeys[i] = _dropouts[0][i].RandomSource!.NextUInt64();

        int first = Layout.FirstShard(_communicator.Rank);
        for (int wave = first; wave < first + Layout.ShardsPerRank; wave += _replicas.Length)
        {
            RunShards(wave, features, labels, loss, rows);
            for (int r = 0; r < _replicas.Length; r++) AddLeaf(_replicas[r], _rows[wave + r].Count == 0 ? null : _shardLoss[r]);
        }

        T[] sum = _tree.TakeRoot();
        RankTreeSum.AllReduce(_communicator, sum, _received);

        int at = 0;
        foreach (var p in model.Parameters)
        {
            sum.AsSpan(at, p.Length).CopyTo(p.Grad.Span);
            at += p.Length;
        }
        T total = sum[at];
        return penalty is null ? total : total + penalty.Apply(model.Parameters);
    }

    // Forward, loss and backward of the shards wave, wave + 1, … (one per replica), layer by layer across the replicas,
    // so that a batch-norm layer sees every shard's sums before any shard goes on.
    private void RunShards(int wave, NdArray<T> features, ReadOnlySpan<int> labels, ClassificationLoss<T> loss, int rows)
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
                PrepareGradients(_replicas[r]);
                for (int i = 0; i < _maskKeys.Length; i++) _dropouts[r][i].KeyNextMask(_maskKeys[i], start);
            }

            var layers = _model.Layers;
            int sync = 0;
            for (int l = 0; l < layers.Count; l++)
            {
                if (sync < _batchNorms.Length && _batchNorms[sync].Layer == l)
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
                var (shardLoss, gradient) = loss.Compute(scores, labels.Slice(start, count));
                T share = T.CreateChecked(count) / T.CreateChecked(rows);
                _shardLoss[r] = shardLoss * share;
                var scaled = LossGradientBuffer(r, gradient);
                TensorPrimitives.Multiply(gradient.Span, share, scaled.Span);
                _gradients[r] = scaled;
            }

            for (int l = layers.Count - 1; l >= 0; l--)
            {
                if (sync > 0 && _batchNorms[sync - 1].Layer == l)
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
            foreach (var replica in _replicas)
                foreach (var layer in replica.Layers) layer.AssignParameterGradients = false;
        }
    }

    // As Sequential.ComputeLoss readies a step: layers that can write their gradients do, the others start from zero.
    private static void PrepareGradients(Sequential<T> model)
    {
        foreach (var layer in model.Layers)
        {
            if (layer.CanAssignParameterGradients) layer.AssignParameterGradients = true;
            else layer.ZeroGrad();
        }
    }

    private void AddLeaf(Sequential<T> replica, T? shardLoss)
    {
        Span<T> leaf = _tree.Leaf;
        if (shardLoss is not { } value)
        {
            leaf.Clear();
        }
        else
        {
            int offset = 0;
            foreach (var p in replica.Parameters)
            {
                p.Grad.Span.CopyTo(leaf.Slice(offset, p.Length));
                offset += p.Length;
            }
            leaf[offset] = value;
        }
        _tree.AddLeaf();
    }

    // The replica's own buffer for its scaled loss gradient: the loss hands every shard the same one.
    private NdArray<T> LossGradientBuffer(int replica, NdArray<T> gradient)
    {
        var view = _lossGradientViews[replica];
        if (view is not null && view.HasShape(gradient.Shape)) return view;
        var storage = _lossGradientStorage[replica];
        if (storage is null || storage.Length < gradient.Length) _lossGradientStorage[replica] = storage = new NdArray<T>(gradient.Length);
        return _lossGradientViews[replica] = storage.Slice(0, gradient.Length).Reshape(gradient.Shape.ToArray());
    }

    private static Sequential<T> Replicate(Sequential<T> model)
    {
        try
        {
            return model.CreateReplica();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"Synchronized batch normalization runs a rank's shards side by side on replicas of the model, which this model cannot give: {e.Message}",
                nameof(model), e);
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
    private sealed class BatchNormSync(int layer, int features, int shardsPerRank)
    {
        private readonly ShardTreeSum<T> _tree = new(2 * features, shardsPerRank);
        private readonly T[] _received = new T[2 * features];
        private readonly T[] _shift = new T[features];

        /// <summary>The layer's index in the model.</summary>
        public int Layer { get; } = layer;

        // Every replica's shard normalized with the minibatch's statistics; k is the minibatch's first sample, sent by
        // the rank whose shard holds it.
        public void Forward(DataParallelGradient<T> owner, int rows)
        {
            var layout = owner.Layout;
            int firstShard = 0;
            while (owner._rows[firstShard].Count == 0) firstShard++;
            int first = layout.FirstShard(owner._communicator.Rank);
            if (firstShard >= first && firstShard < first + layout.ShardsPerRank)
                owner._inputs[firstShard - first]!.Span[.._shift.Length].CopyTo(_shift);
            owner._communicator.Broadcast(MemoryMarshal.AsBytes(_shift.AsSpan()), firstShard / layout.ShardsPerRank);

            for (int r = 0; r < owner._replicas.Length; r++)
            {
                if (owner._inputs[r] is { } x) BatchNormOf(owner, r).ForwardPartialSums(x, _shift, _tree.Leaf);
                else _tree.Leaf.Clear();
                _tree.AddLeaf();
            }
            T[] sums = Reduce(owner);
            for (int r = 0; r < owner._replicas.Length; r++)
            {
                // A replica without rows still takes the statistics in, or its running averages (the model's, on
                // replica 0) would lag behind those of the ranks whose first shard has rows.
                if (owner._inputs[r] is { } x) owner._inputs[r] = BatchNormOf(owner, r).ForwardWithBatchSums(x, _shift, sums, rows);
                else BatchNormOf(owner, r).UpdateRunningStatistics(_shift, sums, rows);
            }
        }

        public void Backward(DataParallelGradient<T> owner, int rows)
        {
            for (int r = 0; r < owner._replicas.Length; r++)
            {
                if (owner._gradients[r] is { } g) BatchNormOf(owner, r).BackwardPartialSums(g, _tree.Leaf);
                else _tree.Leaf.Clear();
                _tree.AddLeaf();
            }
            T[] sums = Reduce(owner);
            for (int r = 0; r < owner._replicas.Length; r++)
                if (owner._gradients[r] is not null) owner._gradients[r] = BatchNormOf(owner, r).BackwardWithBatchSums(sums, rows);
        }

        private T[] Reduce(DataParallelGradient<T> owner)
        {
            T[] sums = _tree.TakeRoot();
            RankTreeSum.AllReduce(owner._communicator, sums, _received);
            return sums;
        }

        private BatchNorm<T> BatchNormOf(DataParallelGradient<T> owner, int replica) => (BatchNorm<T>)owner._replicas[replica].Layers[Layer];
    }
}
