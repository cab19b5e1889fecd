namespace NativeNet.Distributed.Communication;

/// <summary>
/// A world of one rank: training through it computes every shard in this process, with the same bits as any number
/// of MPI ranks, and needs no MPI library.
/// </summary>
public sealed class SingleProcessCommunicator : ICommunicator
{
    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc/>
    public void Exchange(int partner, ReadOnlySpan<byte> send, Span<byte> receive) =>
        throw new ArgumentOutOfRangeException(nameof(partner), partner, "A single-process world has no other rank to exchange with.");

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        if (all.Length != mine.Length)
            throw new ArgumentException($"All-gather of {mine.Length} bytes over 1 rank needs {mine.Length} bytes, not {all.Length}.", nameof(all));
        mine.CopyTo(all);
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data, int root) => ArgumentOutOfRangeException.ThrowIfNotEqual(root, 0);

    /// <inheritdoc/>
    public void Abort(int exitCode) => Environment.Exit(exitCode);

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
