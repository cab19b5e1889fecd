using NativeNet.Distributed.Training;

namespace NativeNet.Tests.Distributed;

public sealed class ShardTreeSumTests
{
    // Values of very different magnitudes, so that the order of the additions shows in the bits.
    private static float[][] Leaves(int count, int length)
    {
        var rng = new NativeNet.Tensors.Rng(5);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length)
            .Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.NextInt(8)))).ToArray()).ToArray();
    }

    private static float Balanced(float[][] leaves, int element, int first, int count) =>
        count == 1 ? leaves[first][element]
            : Balanced(leaves, element, first, count / 2) + Balanced(leaves, element, first + count / 2, count / 2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(16)]
    public void Leaves_added_in_order_sum_as_the_balanced_tree_over_their_indices(int count)
    {
        var leaves = Leaves(count, 64);
        var tree = new ShardTreeSum<float>(64, count);
        foreach (var leaf in leaves)
        {
            leaf.CopyTo(tree.Leaf);
            tree.AddLeaf();
        }
        float[] root = tree.TakeRoot();
        for (int e = 0; e < 64; e++) Assert.Equal(BitConverter.SingleToInt32Bits(Balanced(leaves, e, 0, count)), BitConverter.SingleToInt32Bits(root[e]));
    }

    [Fact]
    public void Rank_subtrees_joined_lower_first_give_the_bits_of_one_tree_and_differ_from_a_running_sum()
    {
        var leaves = Leaves(8, 256);
        float[] Subtree(int first, int count)
        {
            var tree = new ShardTreeSum<float>(256, count);
            for (int i = first; i < first + count; i++)
            {
                leaves[i].CopyTo(tree.Leaf);
                tree.AddLeaf();
            }
            return tree.TakeRoot().ToArray();
        }
        float[] whole = Subtree(0, 8);
        // Four ranks of two shards each, joined as the data-parallel gradient's recursive doubling joins them.
        var parts = Enumerable.Range(0, 4).Select(r => Subtree(2 * r, 2)).ToArray();
        ShardTreeSum<float>.Join(parts[0], parts[1], parts[0]);
        ShardTreeSum<float>.Join(parts[2], parts[3], parts[2]);
        ShardTreeSum<float>.Join(parts[0], parts[2], parts[0]);
        Assert.Equal(whole, parts[0]);
        // The test can tell orders apart: a left-to-right running sum differs somewhere.
        var running = new float[256];
        foreach (var leaf in leaves)
            for (int e = 0; e < 256; e++) running[e] += leaf[e];
        Assert.NotEqual(whole, running);
    }

    [Fact]
    public void A_leaf_count_that_is_no_tree_is_refused()
    {
        var tree = new ShardTreeSum<float>(4, 4);
        for (int i = 0; i < 3; i++) tree.AddLeaf();
        Assert.Throws<InvalidOperationException>(() => tree.TakeRoot());
    }
}
