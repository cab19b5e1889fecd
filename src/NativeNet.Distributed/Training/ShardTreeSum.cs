using System.Numerics;
using System.Numerics.Tensors;

namespace NativeNet.Distributed.Training;

/// <summary>
/// Sums vectors as the balanced binary tree over their indices: with 2ᵏ leaves the result is (((l0 + l1) + (l2 + l3))
/// + …), the same bits however the leaves are split between ranks, because each rank's run of leaves is one subtree
/// and <see cref="Join"/> combines subtrees in the same order.
/// </summary>
/// <remarks>
/// <see cref="Sum"/> walks the vectors in chunks that stay in L1 and takes each chunk through the whole tree, so every
/// leaf is read once and the sum written once, instead of a pass over whole vectors per addition.
/// </remarks>
internal static unsafe class ShardTreeSum
{
    /// <summary>Elements of one chunk: with a level of the tree per scratch chunk, 8 levels of float take 16 KiB.</summary>
    private const int ChunkElements = 512;

    /// <summary>
    /// Writes to <paramref name="destination"/> the balanced-tree sum of the <paramref name="length"/> values at each
    /// of <paramref name="leaves"/> (pointers to <typeparamref name="T"/>), whose count is a power of two.
    /// </summary>
    /// <exception cref="ArgumentException">The leaf count is not a power of two.</exception>
    public static void Sum<T>(ReadOnlySpan<nint> leaves, int length, T* destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (leaves.Length == 0 || !BitOperations.IsPow2(leaves.Length))
            throw new ArgumentException($"The shard tree needs a power-of-two number of leaves, not {leaves.Length}.", nameof(leaves));
        int depth = BitOperations.Log2((uint)leaves.Length);
        T* scratch = stackalloc T[Math.Max(1, depth) * ChunkElements];
        for (int offset = 0; offset < length; offset += ChunkElements)
            SumRange(leaves, offset, Math.Min(ChunkElements, length - offset), destination + offset, scratch);
    }

    /// <summary>The one addition of the tree: <paramref name="left"/> (the lower indices) plus <paramref name="right"/>.</summary>
    public static void Join<T>(ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Add(left, right, destination);

    // target ← the tree over leaves, elements [offset, offset + n); the right subtree goes through scratch, one chunk
    // per level below this one.
    private static void SumRange<T>(ReadOnlySpan<nint> leaves, int offset, int n, T* target, T* scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (leaves.Length == 1)
        {
            new ReadOnlySpan<T>((T*)leaves[0] + offset, n).CopyTo(new Span<T>(target, n));
            return;
        }
        if (leaves.Length == 2)
        {
            Join(new ReadOnlySpan<T>((T*)leaves[0] + offset, n), new ReadOnlySpan<T>((T*)leaves[1] + offset, n), new Span<T>(target, n));
            return;
        }
        int half = leaves.Length / 2;
        SumRange(leaves[..half], offset, n, target, scratch);
        SumRange(leaves[half..], offset, n, scratch, scratch + ChunkElements);
        Join(new ReadOnlySpan<T>(target, n), new ReadOnlySpan<T>(scratch, n), new Span<T>(target, n));
    }
}
