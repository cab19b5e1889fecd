using NativeNet.Distributed.Training;

namespace NativeNet.Tests.Distributed;

public sealed class ShardLayoutTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(1)]
    public void Shards_cover_the_minibatch_in_order_whatever_the_rank_count(int rows)
    {
        foreach (int ranks in new[] { 1, 2, 4, 8 })
        {
            var layout = new ShardLayout(8, ranks);
            int next = 0;
            for (int rank = 0; rank < ranks; rank++)
                for (int shard = layout.FirstShard(rank); shard < layout.FirstShard(rank) + layout.ShardsPerRank; shard++)
                {
                    var (start, count) = layout.Rows(shard, rows);
                    Assert.Equal(next, start);
                    Assert.Equal(new ShardLayout(8, 1).Rows(shard, rows), (start, count));
                    next += count;
                }
            Assert.Equal(rows, next);
        }
    }

    [Theory]
    [InlineData(8, 3, "power-of-two number of ranks")]
    [InlineData(4, 8, "8 ranks cannot share 4 shards")]
    [InlineData(6, 2, "shard count must be a power of two")]
    public void Counts_that_cannot_keep_the_tree_are_refused_with_the_reason(int shards, int ranks, string reason)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ShardLayout(shards, ranks));
        Assert.Contains(reason, error.Message);
    }
}
