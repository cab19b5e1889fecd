using NativeNet.Distributed.Communication;

namespace NativeNet.Distributed.Driver;

/// <summary>How <see cref="FaultyCommunicator"/> makes its rank fail.</summary>
public enum Fault
{
    /// <summary>Throw an <see cref="IOException"/>, as a failed data read would.</summary>
    Throw,

    /// <summary>End the process at once with exit code 3, without a word to MPI: a rank that dies.</summary>
    Exit,
}

/// <summary>
/// Passes every call to another communicator, except that on rank <paramref name="failingRank"/> the exchange of
/// step <paramref name="failingStep"/> (one exchange per step with two ranks) fails as <paramref name="fault"/> says.
/// </summary>
public sealed class FaultyCommunicator(ICommunicator inner, int failingRank, int failingStep, Fault fault) : ICommunicator
{
    private int _exchanges;

    /// <inheritdoc/>
    public int Rank => inner.Rank;

    /// <inheritdoc/>
    public int Size => inner.Size;

    /// <inheritdoc/>
    public TimeSpan Timeout
    {
        get => inner.Timeout;
        set => inner.Timeout = value;
    }

    /// <inheritdoc/>
    public void Exchange(int partner, ReadOnlySpan<byte> send, Span<byte> receive)
    {
        if (Rank == failingRank && ++_exchanges == failingStep)
        {
            if (fault == Fault.Exit) Environment.Exit(3);
            throw new IOException($"injected read failure on rank {Rank} at step {failingStep}");
        }
        inner.Exchange(partner, send, receive);
    }

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all) => inner.AllGather(mine, all);

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data, int root) => inner.Broadcast(data, root);

    /// <inheritdoc/>
    public void Abort(int exitCode) => inner.Abort(exitCode);

    /// <inheritdoc/>
    public void Dispose() => inner.Dispose();
}
