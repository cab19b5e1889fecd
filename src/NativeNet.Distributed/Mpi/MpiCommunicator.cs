using System.Diagnostics;
using NativeNet.Distributed.Communication;

namespace NativeNet.Distributed.Mpi;

/// <summary>
/// <see cref="ICommunicator"/> over MPI's world communicator. Every transfer is a pair of non-blocking point-to-point
/// calls polled against a deadline, so a rank that died or took another path is reported after
/// <see cref="Timeout"/> instead of blocking forever, as MPI's blocking calls would.
/// </summary>
/// <remarks>
/// One thread at a time may use the communicator (MPI's serialized thread level: a console's progress display may run
/// training on another thread than the one that initialized MPI); the training kernels' worker threads never call
/// MPI. Disposing finalizes MPI if this instance initialized it.
/// </remarks>
public sealed unsafe class MpiCommunicator : ICommunicator
{
    /// <summary>How long <see cref="Abort"/> leaves the launcher to forward what the ranks printed.</summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(300);

    // One tag per operation: ranks that call different operations never match each other's messages, they time out.
    private const int ExchangeTag = 1, GatherTag = 2, BroadcastTag = 3;

    private readonly bool _finalizeOnDispose;
    private bool _disposed;

    private MpiCommunicator(int rank, int size, bool finalizeOnDispose)
    {
        Rank = rank;
        Size = size;
        _finalizeOnDispose = finalizeOnDispose;
    }

    /// <summary>Initializes MPI (unless already initialized) and returns the world communicator.</summary>
    /// <exception cref="DistributedException">No MPI library of MPICH's ABI loads, or MPI fails to initialize.</exception>
    public static MpiCommunicator Initialize()
    {
        if (MpiLaunch.MissingLibrary is { } missing) throw new DistributedException($"MPI: {missing}.");
        int initialized, provided, rank, size;
        Check(MpiLibrary.Initialized(&initialized), "MPI_Initialized");
        if (initialized == 0) Check(MpiLibrary.InitThread(0, 0, MpiLibrary.ThreadSerialized, &provided), "MPI_Init_thread");
        Check(MpiLibrary.CommRank(MpiLibrary.CommWorld, &rank), "MPI_Comm_rank");
        Check(MpiLibrary.CommSize(MpiLibrary.CommWorld, &size), "MPI_Comm_size");
        return new MpiCommunicator(rank, size, finalizeOnDispose: initialized == 0);
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc/>
    public void Exchange(int partner, ReadOnlySpan<byte> send, Span<byte> receive)
    {
        if (partner == Rank || (uint)partner >= (uint)Size)
            throw new ArgumentOutOfRangeException(nameof(partner), partner, $"Rank {Rank} cannot exchange with rank {partner} of a world of {Size}.");
        if (send.Length != receive.Length)
            throw new ArgumentException($"An exchange sends and receives the same length, not {send.Length} and {receive.Length} bytes.", nameof(receive));
        int* requests = stackalloc int[2];
        fixed (byte* s = send, r = receive)
        {
            Check(MpiLibrary.Irecv(r, receive.Length, MpiLibrary.Byte, partner, ExchangeTag, MpiLibrary.CommWorld, &requests[0]), "MPI_Irecv");
            Check(MpiLibrary.Isend(s, send.Length, MpiLibrary.Byte, partner, ExchangeTag, MpiLibrary.CommWorld, &requests[1]), "MPI_Isend");
            Wait(requests, 2, $"exchange of {send.Length} bytes between ranks {Rank} and {partner}");
        }
    }

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> mine, Span<byte> all)
    {
        int length = mine.Length;
        if (all.Length != (long)length * Size)
            throw new ArgumentException($"All-gather of {length} bytes over {Size} ranks needs {(long)length * Size} bytes, not {all.Length}.", nameof(all));
        mine.CopyTo(all.Slice(Rank * length, length));
        int* requests = stackalloc int[2 * Size];
        int posted = 0;
        fixed (byte* s = mine, a = all)
        {
            for (int other = 0; other < Size; other++)
            {
                if (other == Rank) continue;
                Check(MpiLibrary.Irecv(a + (nint)other * length, length, MpiLibrary.Byte, other, GatherTag, MpiLibrary.CommWorld, &requests[posted++]), "MPI_Irecv");
                Check(MpiLibrary.Isend(s, length, MpiLibrary.Byte, other, GatherTag, MpiLibrary.CommWorld, &requests[posted++]), "MPI_Isend");
            }
            Wait(requests, posted, $"all-gather of {length} bytes per rank on rank {Rank}");
        }
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data, int root)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        int* requests = stackalloc int[Size];
        int posted = 0;
        fixed (byte* d = data)
        {
            if (Rank == root)
            {
                for (int other = 0; other < Size; other++)
                    if (other != root)
                        Check(MpiLibrary.Isend(d, data.Length, MpiLibrary.Byte, other, BroadcastTag, MpiLibrary.CommWorld, &requests[posted++]), "MPI_Isend");
            }
            else
            {
                Check(MpiLibrary.Irecv(d, data.Length, MpiLibrary.Byte, root, BroadcastTag, MpiLibrary.CommWorld, &requests[posted++]), "MPI_Irecv");
            }
            Wait(requests, posted, $"broadcast of {data.Length} bytes from rank {root} on rank {Rank}");
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Waits <see cref="OutputGrace"/> first: MPI_Abort makes the launcher kill every rank, and what the ranks printed
    /// just before (their error messages) is lost if the launcher has not forwarded it yet.
    /// </remarks>
    public void Abort(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        Thread.Sleep(OutputGrace);
        MpiLibrary.Abort(MpiLibrary.CommWorld, exitCode);
        Environment.Exit(exitCode);
    }

    /// <summary>Finalizes MPI if <see cref="Initialize"/> initialized it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        int finalized;
        if (_finalizeOnDispose && MpiLibrary.Finalized(&finalized) == MpiLibrary.Success && finalized == 0) MpiLibrary.Finalize();
    }

    // Polls until every request completes or the deadline passes; yields between polls, because ranks may share cores.
    private void Wait(int* requests, int count, string operation)
    {
        var clock = Stopwatch.StartNew();
        var spin = new SpinWait();
        int pending = count;
        while (pending > 0)
        {
            pending = 0;
            for (int i = 0; i < count; i++)
            {
                if (requests[i] == MpiLibrary.RequestNull) continue;
                int done;
                Check(MpiLibrary.Test(&requests[i], &done, MpiLibrary.StatusIgnore), "MPI_Test");
                if (done == 0) pending++;
            }
            if (pending == 0) return;
            if (clock.Elapsed > Timeout)
            {
                for (int i = 0; i < count; i++)
                {
                    if (requests[i] == MpiLibrary.RequestNull) continue;
                    MpiLibrary.Cancel(&requests[i]);
                    MpiLibrary.RequestFree(&requests[i]);
                }
                throw new DistributedException(
                    $"MPI {operation} did not complete within {Timeout.TotalSeconds:0.#} s: another rank stopped or is running a different step.");
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static void Check(int code, string call)
    {
        if (code != MpiLibrary.Success) throw new DistributedException($"{call} failed with MPI error code {code}.");
    }
}
