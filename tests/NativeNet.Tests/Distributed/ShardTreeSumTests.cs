using NativeNet.Distributed.Training;

namespace NativeNet.Tests.Distributed;

public sealed unsafe class ShardTreeSumTests
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

    // The tree over leaves[first .. first + count), through pinned copies.
    private static float[] Sum(float[][] leaves, int first, int count)
    {
        int length = leaves[0].Length;
        var handles = leaves.Skip(first).Take(count).Select(l => System.Runtime.InteropServices.GCHandle.Alloc(l, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
        try
        {
            var result = new float[length];
            nint[] pointers = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
            fixed (float* destination = result) ShardTreeSum.Sum(pointers, length, destination);
            return result;
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }

    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 64)]
    [InlineData(8, 1300)]
    [InlineData(16, 64)]
    public void Leaves_sum_as_the_balanced_tree_over_their_indices(int count, int length)
    {
        var leaves = Leaves(count, length);
        float[] root = Sum(leaves, 0, count);
        for (int e = 0; e < length; e++) Assert.Equal(BitConverter.SingleToInt32Bits(Balanced(leaves, e, 0, count)), BitConverter.SingleToInt32Bits(root[e]));
    }

    [Fact]
    public void Rank_subtrees_joined_lower_first_give_the_bits_of_one_tree_and_differ_from_a_running_sum()
    {
        var leaves = Leaves(8, 256);
        float[] whole = Sum(leaves, 0, 8);
        // Four ranks of two shards each, joined as the data-parallel gradient's recursive doubling joins them.
        var parts = Enumerable.Range(0, 4).Select(r => Sum(leaves, 2 * r, 2)).ToArray();
        ShardTreeSum.Join<float>(parts[0], parts[1], parts[0]);
        ShardTreeSum.Join<float>(parts[2], parts[3], parts[2]);
        ShardTreeSum.Join<float>(parts[0], parts[2], parts[0]);
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
        var error = Assert.Throws<ArgumentException>(() => Sum(Leaves(3, 4), 0, 3));
        Assert.Contains("power-of-two number of leaves, not 3", error.Message);
    }
}
