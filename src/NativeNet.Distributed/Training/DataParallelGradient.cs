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
/// A shard's gradient is its mean-loss gradient scaled by its share of the minibatch (rows / minibatch rows; exactly
/// 1/S when the shards are equal), so the tree's root is the gradient of the minibatch's mean loss. The loss value
/// travels as one more element of the same vector. The weight penalty is added once, after the sum.
/// </para>
/// <para>
/// Dropout masks are drawn per shard: each dropout generator takes one draw per step as the step's key, and shard s
/// draws its masks from stream s of that key, so the masks depend on the seed, the step and the shard, never on the
/// rank that computes the shard. Batch normalization is rejected: its batch statistics would be a shard's, not the
/// minibatch's.
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
    private readonly Rng[] _dropoutGenerators;
    private readonly ulong[] _stepKeys;

    /// <summary>
    /// Prepares data-parallel steps for <paramref name="model"/> and checks, with every rank, that all of them start
    /// from the same parameters and shard count.
    /// </summary>
    /// <param name="communicator">The ranks; every rank constructs this with its own replica of the model.</param>
    /// <param name="model">The model the solver trains.</param>
    /// <param name="shards">Shards per minibatch: a power of two, at least the largest rank count the run may use (a
    /// resumed run may use another), and part of what the result depends on.</param>
    /// <exception cref="ArgumentException">The model has a batch-normalization layer, or the shard and rank counts do not fit (<see cref="ShardLayout"/>).</exception>
    /// <exception cref="DistributedException">The ranks' models or shard counts differ.</exception>
    public DataParallelGradient(ICommunicator communicator, Sequential<T> model, int shards)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(model);
        foreach (var layer in model.Layers)
            if (layer is BatchNorm<T>)
                throw new ArgumentException(
                    $"Layer '{layer.Name}' ({layer}) normalizes with batch statistics, which data-parallel training does not synchronize across shards; " +
                    "train without batch normalization (or with layer normalization).", nameof(model));
        Layout = new ShardLayout(shards, communicator.Size);
        _communicator = communicator;
        _model = model;
        foreach (var p in model.Parameters) _gradientLength += p.Length;
        // One more element carries the loss through the same tree as the gradients.
        _tree = new ShardTreeSum<T>(_gradientLength + 1, Layout.ShardsPerRank);
        _received = new T[_gradientLength + 1];
        _dropoutGenerators = model.RandomSources.Select(r => r.Rng).ToArray();
        _stepKeys = new ulong[_dropoutGenerators.Length];
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
        if (!ReferenceEquals(model, _model))
            throw new ArgumentException("This data-parallel gradient was prepared for another model.", nameof(model));
        int rows = labels.Length;
        if (features.Rows != rows)
            throw new ArgumentException($"{rows} labels for a minibatch of {features.Rows} samples.", nameof(labels));

        // Each generator advances by one draw per step on every rank, whatever shards the rank computes.
        for (int i = 0; i < _dropoutGenerators.Length; i++) _stepKeys[i] = _dropoutGenerators[i].NextUInt64();
        var stepStates = _dropoutGenerators.Select(g => g.GetState()).ToArray();

        int first = Layout.FirstShard(_communicator.Rank);
        for (int shard = first; shard < first + Layout.ShardsPerRank; shard++)
        {
            var (start, count) = Layout.Rows(shard, rows);
            Span<T> leaf = _tree.Leaf;
            if (count == 0)
            {
                leaf.Clear();
            }
            else
            {
                for (int i = 0; i < _dropoutGenerators.Length; i++)
                    _dropoutGenerators[i].SetState(Rng.ForStream(_stepKeys[i], (ulong)shard).GetState());
                T shardLoss = model.ComputeLoss(features.Slice(start, count), labels.Slice(start, count), loss).Loss;
                T share = T.CreateChecked(count) / T.CreateChecked(rows);
                int offset = 0;
                foreach (var p in model.Parameters)
                {
                    TensorPrimitives.Multiply(p.Grad.Span, share, leaf.Slice(offset, p.Length));
                    offset += p.Length;
                }
                leaf[offset] = shardLoss * share;
            }
            _tree.AddLeaf();
        }
        for (int i = 0; i < _dropoutGenerators.Length; i++) _dropoutGenerators[i].SetState(stepStates[i]);

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
}
