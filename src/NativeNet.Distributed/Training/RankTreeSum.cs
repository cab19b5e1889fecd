using System.Numerics;
using System.Runtime.InteropServices;
using NativeNet.Distributed.Communication;

namespace NativeNet.Distributed.Training;

/// <summary>
/// The all-reduce of data-parallel training: joins every rank's subtree sum into the root of the one shard tree, on
/// every rank, by recursive doubling. After the exchange at distance d = 1, 2, 4, … each rank holds the sum of its 2d
/// aligned ranks, the lower ranks' subtree on the left, exactly as one process would have added them.
/// </summary>
/// <remarks>
/// log₂ P rounds, each sending and receiving the whole vector: per rank log₂ P · n elements each way (a ring would move
/// 2(P − 1)/P · n but adds its chunks in an order that depends on P).
/// </remarks>
public static class RankTreeSum
{
    /// <summary>
    /// Replaces <paramref name="sum"/> (this rank's subtree) with the sum over all ranks; <paramref name="received"/>
    /// (as long as <paramref name="sum"/>) is scratch. The number of ranks must be a power of two.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="DistributedException">An exchange failed or timed out.</exception>
    public static void AllReduce<T>(ICommunicator communicator, T[] sum, T[] received) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(sum);
        ArgumentNullException.ThrowIfNull(received);
        if (received.Length != sum.Length) throw new ArgumentException($"Scratch of {received.Length} elements for a sum of {sum.Length}.", nameof(received));
        if (!BitOperations.IsPow2(communicator.Size))
            throw new ArgumentException($"The rank tree needs a power-of-two number of ranks, not {communicator.Size}.", nameof(communicator));
        for (int distance = 1; distance < communicator.Size; distance <<= 1)
        {
            int partner = communicator.Rank ^ distance;
            communicator.Exchange(partner, MemoryMarshal.AsBytes(sum.AsSpan()), MemoryMarshal.AsBytes(received.AsSpan()));
            if (communicator.Rank < partner) ShardTreeSum.Join(sum, received, sum);
            else ShardTreeSum.Join(received, sum, sum);
        }
    }

    /// <summary>The addition of two ranks' subtrees as <see cref="AllReduce"/> does it, <paramref name="left"/> holding the lower ranks' (for timing it).</summary>
    public static void Join<T>(ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        ShardTreeSum.Join(left, right, destination);
}
