using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace NativeNet.Kernels;

/// <summary>
/// Persistent worker threads behind <see cref="Parallelism"/>. A job is a pointer to the caller's work struct (which
/// lives on the caller's stack while the caller takes part and waits) plus a static invoker, so starting a job
/// allocates nothing. Workers spin briefly, then block, between jobs.
/// </summary>
internal sealed unsafe class WorkerPool
{
    public static readonly WorkerPool Shared = new();

    private int _busy;
    private readonly List<Worker> _workers = [];
    private delegate*<void*, int, void> _invoke;
    private void* _work;
    private int _partitionCount;
    private int _nextPartition;
    private int _pending;
    private ExceptionDispatchInfo? _error;

    private sealed class Worker
    {
        public readonly ManualResetEventSlim Start = new(false, 2000);
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
            _error = null;
            Volatile.Write(ref _pending, helpers);
            for (int w = 0; w < helpers; w++)
                _workers[w].Start.Set();
            Drain();
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0)
                spin.SpinOnce(-1);
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
        while (true)
        {
            worker.Start.Wait();
            worker.Start.Reset();
            Drain();
            Interlocked.Decrement(ref _pending);
        }
    }
}
