using System.Numerics;

namespace NativeNet.Distributed.Training;

/// <summary>
/// How a minibatch is cut into shards and the shards dealt to ranks. The cut depends only on the shard count, never on
/// the number of ranks: shard s holds the minibatch rows [⌊s·n/S⌋, ⌊(s+1)·n/S⌋). Each rank owns a contiguous run of
/// S/P shards that is one whole subtree of the binary tree over shard indices, which is why S and P are powers of two
/// and P divides S.
/// </summary>
public sealed record ShardLayout
{
    /// <summary>The shard count of a run that does not choose one: enough for up to 8 ranks.</summary>
    public const int DefaultShards = 8;

    /// <summary>Validates and creates the layout of <paramref name="shards"/> shards over <paramref name="ranks"/> ranks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The shard or rank count is not a power of two, or there are more ranks than shards.</exception>
    public ShardLayout(int shards, int ranks)
    {
        if (shards <= 0 || !BitOperations.IsPow2(shards))
            throw new ArgumentOutOfRangeException(nameof(shards), shards, "The shard count must be a power of two (1, 2, 4, 8, …).");
        if (ranks <= 0 || !BitOperations.IsPow2(ranks))
            throw new ArgumentOutOfRangeException(nameof(ranks), ranks,
                $"Data-parallel training runs on a power-of-two number of ranks (1, 2, 4, …), so that each owns a whole subtree of the {shards} shards' sum; start it with another count.");
        if (ranks > shards)
            throw new ArgumentOutOfRangeException(nameof(ranks), ranks,
                $"{ranks} ranks cannot share {shards} shards; use at most {shards} ranks or more shards.");
        Shards = shards;
        Ranks = ranks;
    }

    /// <summary>The number of shards every minibatch is cut into (S).</summary>
    public int Shards { get; }

    /// <summary>The number of ranks (P).</summary>
    public int Ranks { get; }

    /// <summary>Shards per rank (S/P).</summary>
    public int ShardsPerRank => Shards / Ranks;

    /// <summary>The first shard that <paramref name="rank"/> computes.</summary>
    public int FirstShard(int rank) => rank * ShardsPerRank;

    /// <summary>The minibatch rows of <paramref name="shard"/> in a minibatch of <paramref name="rows"/> samples; empty when the batch has fewer rows than shards.</summary>
    public (int Start, int Count) Rows(int shard, int rows)
    {
        int start = (int)((long)shard * rows / Shards);
        int end = (int)((long)(shard + 1) * rows / Shards);
        return (start, end - start);
    }
}
