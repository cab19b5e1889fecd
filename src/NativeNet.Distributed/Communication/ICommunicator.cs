namespace NativeNet.Distributed.Communication;

/// <summary>
/// The ranks of a data-parallel run and the byte movements between them. It only moves bytes: every sum is computed
/// by the caller in an order it fixes, never by the transport, whose own reduction order is implementation-defined.
/// </summary>
/// <remarks>
/// Every rank must make the same calls in the same order. A call that cannot complete within <see cref="Timeout"/>
/// (a rank died, or called something else) throws a <see cref="DistributedException"/> instead of waiting forever.
/// </remarks>
public interface ICommunicator : IDisposable
{
    /// <summary>This process's rank, from 0.</summary>
    int Rank { get; }

    /// <summary>The number of ranks.</summary>
    int Size { get; }

    /// <summary>How long one call may wait for the other ranks before it fails.</summary>
    TimeSpan Timeout { get; set; }

    /// <summary>Sends <paramref name="send"/> to <paramref name="partner"/> and receives as many bytes from it into <paramref name="receive"/>.</summary>
    /// <exception cref="ArgumentException">The partner is this rank or outside the world, or the lengths differ.</exception>
    /// <exception cref="DistributedException">The exchange failed or timed out.</exception>
    void Exchange(int partner, ReadOnlySpan<byte> send, Span<byte> receive);

    /// <summary>Gathers every rank's <paramref name="mine"/> (all of one length) into <paramref name="all"/>, in rank order, on every rank.</summary>
    /// <exception cref="ArgumentException"><paramref name="all"/> is not <see cref="Size"/> times <paramref name="mine"/>'s length.</exception>
    /// <exception cref="DistributedException">The gather failed or timed out.</exception>
    void AllGather(ReadOnlySpan<byte> mine, Span<byte> all);

    /// <summary>Copies <paramref name="data"/> of rank <paramref name="root"/> into <paramref name="data"/> of every other rank.</summary>
    /// <exception cref="DistributedException">The broadcast failed or timed out.</exception>
    void Broadcast(Span<byte> data, int root);

    /// <summary>Ends every rank of the run at once with <paramref name="exitCode"/>, after an error this rank cannot recover from.</summary>
    void Abort(int exitCode);
}
