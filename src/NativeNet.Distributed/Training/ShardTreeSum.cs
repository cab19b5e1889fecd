using System.Numerics;
using System.Numerics.Tensors;

namespace NativeNet.Distributed.Training;

/// <summary>
/// Sums vectors added one at a time, in order, as the balanced binary tree over their indices: with 2ᵏ leaves the
/// result is (((l0 + l1) + (l2 + l3)) + …), the same bits however the leaves are later split between ranks, because
/// each rank's run of leaves is one subtree and <see cref="Join"/> combines subtrees in the same order.
/// </summary>
/// <remarks>Like a binary counter: a level holds a finished subtree until a second one of its size arrives, so only log₂(leaves) + 2 buffers live at once.</remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal sealed class ShardTreeSum<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _levels;
    private readonly bool[] _occupied;
    private T[] _leaf;

    /// <summary>Creates the sum of vectors of <paramref name="length"/> values over at most <paramref name="leaves"/> leaves.</summary>
    public ShardTreeSum(int length, int leaves)
    {
        int depth = BitOperations.Log2((uint)leaves) + 1;
        _levels = new T[depth][];
        for (int i = 0; i < depth; i++) _levels[i] = new T[length];
        _occupied = new bool[depth];
        _leaf = new T[length];
    }

    /// <summary>The buffer the next leaf is written into before <see cref="AddLeaf"/>.</summary>
    public Span<T> Leaf => _leaf;

    /// <summary>Adds <see cref="Leaf"/> as the next leaf and merges every subtree it completes.</summary>
    public void AddLeaf()
    {
        var carry = _leaf;
        int level = 0;
        while (_occupied[level])
        {
            Join(_levels[level], carry, carry);
            _occupied[level] = false;
            level++;
        }
        // The level's buffer is free, so it becomes the next leaf's; the carried subtree takes its place.
        (_levels[level], _leaf) = (carry, _levels[level]);
        _occupied[level] = true;
    }

    /// <summary>The whole tree once a power-of-two number of leaves is in; empties the sum for the next use.</summary>
    /// <exception cref="InvalidOperationException">The leaves added so far do not form one tree.</exception>
    public T[] TakeRoot()
    {
        int root = Array.IndexOf(_occupied, true);
        if (root < 0 || Array.LastIndexOf(_occupied, true) != root)
            throw new InvalidOperationException("The leaves added do not form one complete binary tree (their count is not a power of two).");
        _occupied[root] = false;
        return _levels[root];
    }

    /// <summary>The one addition of the tree: <paramref name="left"/> (the lower indices) plus <paramref name="right"/>.</summary>
    public static void Join(ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<T> destination) =>
        TensorPrimitives.Add(left, right, destination);
}
