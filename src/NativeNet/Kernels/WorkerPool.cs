using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace NativeNet.Kernels;

/// <summary>
/// Persistent worker threads behind <see cref="Parallelism"/>. A job is a pointer to the caller's work struct (which
/// lives on the caller's stack while the caller takes part and waits) plus a static invoker, so starting a job
/// allocates nothing. Workers spin briefly, then block, between jobs.
/// </summary>
/// <remarks>
/// The caller never waits for a worker to wake up: workers join an open job, and when the caller has run out of
/// partitions it closes the job and waits only for the workers already inside it. A worker that wakes late (asleep,
/// or descheduled on a busy machine) finds the job closed and goes back to sleep, so a short job costs the caller no
/// more than doing it alone. Which thread runs a partition never changes its result.
/// </remarks>
internal sealed unsafe class WorkerPool
{
    public static readonly WorkerPool Shared = new();

    /// <summary>Added to <see cref="_joined"/> while no job is open, so a late join sees a count above any limit.</summary>
    private const int Closed = 1 << 30;

    private int _busy;
    private readonly List<Worker> _workers = [];
    private delegate*<void*, int, void> _invoke;
    private void* _work;
    private int _partitionCount;
    private int _nextPartition;
    private int _helperLimit;
    private int _joined = Closed;
    private int _generation;
    private ExceptionDispatchInfo? _error;

    private sealed class Worker
    {
        public readonly ManualResetEventSlim Wake = new(false, 2000);
    }

    public void Run<TWork>(ref TWork work, int partitionCount, int threads) where TWork : struct, IPartitionedWork
    {
        // Not a Monitor: a nested call from a partition running on this same thread must not re-enter.
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int p = 0; p < partitionCount; p++)
                work.Execute(p);
            return;
        }
        try
        {
            int helpers = threads - 1;
            while (_workers.Count < helpers)
                StartWorker();
            TWork local = work;
            _invoke = &Invoke<TWork>;
            _work = Unsafe.AsPointer(ref local);
            _partitionCount = partitionCount;
            _nextPartition = 0;
            _helperLimit = helpers;
            _error = null;
            // Open the job (a full fence: the fields above are visible to whoever joins), then wake the helpers.
            Interlocked.Add(ref _joined, -Closed);
            Interlocked.Increment(ref _generation);
            for (int w = 0; w < helpers; w++)
                _workers[w].Wake.Set();
            Drain();
            if (Interlocked.Add(ref _joined, Closed) != Closed)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref _joined) != Closed)
                    spin.SpinOnce(-1);
            }
            _work = null;
            work = local;
            _error?.Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void Invoke<TWork>(void* work, int partition) where TWork : struct, IPartitionedWork
        => Unsafe.AsRef<TWork>(work).Execute(partition);

    private void Drain()
    {
        try
        {
            int p;
            while ((p = Interlocked.Increment(ref _nextPartition) - 1) < _partitionCount)
                _invoke(_work, p);
        }
        catch (Exception e)
        {
            // Stop handing out partitions; the caller rethrows the first failure.
            Volatile.Write(ref _nextPartition, int.MaxValue / 2);
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
        }
    }

    private void StartWorker()
    {
        var worker = new Worker();
        var thread = new Thread(() => Loop(worker)) { IsBackground = true, Name = $"NativeNet worker {_workers.Count + 1}" };
        _workers.Add(worker);
        thread.Start();
    }

    private void Loop(Worker worker)
    {
        int seen = 0;
        while (true)
        {
            worker.Wake.Wait();
            worker.Wake.Reset();
            // Read after the reset: a job opened since then either is seen here or sets the event again.
            int generation = Interlocked.CompareExchange(ref _generation, 0, 0);
            if (generation == seen)
                continue;
            seen = generation;
            // Joining a closed job, or one that already has its helpers, gives a count above the limit: stay out.
            if (Interlocked.Increment(ref _joined) <= Volatile.Read(ref _helperLimit))
                Drain();
            Interlocked.Decrement(ref _joined);
        }
    }
}
