namespace NativeNet.Kernels;

/// <summary>
/// Library-wide thread setting and the shared worker pool every kernel uses (GEMM, and any later kernel that splits work).
/// Workers are persistent threads: running work allocates nothing and creates no threads after the first use.
/// </summary>
public static class Parallelism
{
    private static int _threadCount = Environment.ProcessorCount;

    /// <summary>
    /// Maximum number of threads a kernel call may use, including the calling thread. Default
    /// <see cref="Environment.ProcessorCount"/>; set it to 1 to run everything on the caller. Results do not depend on it:
    /// kernels partition their output the same way for every thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int ThreadCount
    {
        get => Volatile.Read(ref _threadCount);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ThreadCount));
            Volatile.Write(ref _threadCount, value);
        }
    }

    /// <summary>
    /// Runs <c>work.Execute(p)</c> for every p in [0, <paramref name="partitionCount"/>) on up to
    /// <see cref="ThreadCount"/> threads (the caller takes part) and returns when all are done. Partitions are claimed
    /// dynamically, so they must write disjoint outputs. The first exception thrown by a partition is rethrown here.
    /// If the pool is already busy (a nested or concurrent call), the partitions run on the calling thread.
    /// </summary>
    public static void Run<TWork>(ref TWork work, int partitionCount) where TWork : struct, IPartitionedWork
        => Run(ref work, partitionCount, ThreadCount);

    /// <summary>
    /// As <see cref="Run{TWork}(ref TWork, int)"/>, with at most <paramref name="maxThreads"/> threads (still capped by
    /// <see cref="ThreadCount"/>); a kernel passes 1 for work too small to be worth waking workers.
    /// </summary>
    public static void Run<TWork>(ref TWork work, int partitionCount, int maxThreads) where TWork : struct, IPartitionedWork
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partitionCount);
        int threads = Math.Min(Math.Min(maxThreads, ThreadCount), partitionCount);
        if (threads <= 1)
        {
            for (int p = 0; p < partitionCount; p++)
                work.Execute(p);
            return;
        }
        WorkerPool.Shared.Run(ref work, partitionCount, threads);
    }
}
