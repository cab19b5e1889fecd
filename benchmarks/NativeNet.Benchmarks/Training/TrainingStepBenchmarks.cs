using BenchmarkDotNet.Attributes;
using NativeNet.Cli.Bench;
using NativeNet.Kernels;

namespace NativeNet.Benchmarks.Training;

/// <summary>
/// One full training step (forward, loss, backward, optimizer update) of each issue-8 workload, on 1 and 2 threads:
/// the same step <c>nativenet bench train</c> times. Allocated bytes per step should read 0 (—).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TrainingStepBenchmarks
{
    private TrainingStepRunner _runner = null!;
    private int _previousThreads;

    /// <summary>The workload (see TrainWorkloads).</summary>
    [Params("cifar-bn", "cifar-deep", "cifar-wide10", "mnist-small", "mnist-bn", "fashion-mlp")]
    public string Workload { get; set; } = "cifar-bn";

    /// <summary>GEMM worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>Builds the model, optimizer and batches and warms every buffer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _previousThreads = Parallelism.ThreadCount;
        Parallelism.ThreadCount = Threads;
        _runner = new TrainingStepRunner(TrainWorkloads.Get(Workload));
        for (int i = 0; i < TrainingStepRunner.BatchCount; i++) _runner.Step();
    }

    /// <summary>Restores the thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.ThreadCount = _previousThreads;

    /// <summary>Forward, loss, backward and update on the next pre-generated batch.</summary>
    [Benchmark]
    public float Step() => _runner.Step();
}
