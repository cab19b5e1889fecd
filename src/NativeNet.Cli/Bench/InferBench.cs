using System.Diagnostics;
using System.Text.Json;
using NativeNet.Inference;
using NativeNet.Kernels;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Cli.Bench;

/// <summary>
/// Prediction latency and throughput (<c>nativenet bench infer</c>) of the 784-256-128-10 ReLU MLP of the
/// Fashion-MNIST workloads: each thread holds its own <see cref="Predictor{T}"/> over the one model and predicts
/// random inputs back to back. Per batch size it warms up, then times stretches of calls and keeps the best stretch's
/// mean latency, the usual way to read a noisy shared machine. Matrix products run on the calling thread, so the
/// threads measure predictors serving requests side by side.
/// </summary>
public static class InferBench
{
    private const int Stretches = 5;

    /// <summary>The network timed.</summary>
    public const string Model = "784-256-128-10 relu, float";

    /// <summary>Measures every batch size of <paramref name="options"/>.</summary>
    public static InferBenchReport Measure(InferBenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int previous = Parallelism.ThreadCount;
        Parallelism.ThreadCount = 1;
        try
        {
            var model = FullyConnectedNet.Build<float>(new FullyConnectedNetSpec { InputSize = 784, HiddenSizes = [256, 128], Classes = 10, Seed = 0 });
            var results = new List<InferBenchResult>();
            foreach (int batch in options.BatchSizes)
                results.Add(MeasureBatch(model, batch, options.Threads, options.Seconds));
            return new InferBenchReport(Model, options.Threads, results);
        }
        finally
        {
            Parallelism.ThreadCount = previous;
        }
    }

    /// <summary>Runs the measurement described by <paramref name="options"/> and writes it to <paramref name="output"/>.</summary>
    public static void Run(InferBenchOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        InferBenchReport report = Measure(options);
        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, InferBenchJsonContext.Default.InferBenchReport));
            return;
        }
        output.WriteLine($"{report.Model}, {report.Threads} thread(s), GEMM kernel {report.GemmKernel}");
        output.WriteLine($"{"batch",6} {"µs/call",10} {"samples/s",12} {"bytes/call",11}");
        foreach (InferBenchResult r in report.Results)
            output.WriteLine($"{r.BatchSize,6} {r.MicrosecondsPerCall,10:F1} {r.SamplesPerSecond,12:F0} {r.AllocatedBytesPerCall,11}");
    }

    private static InferBenchResult MeasureBatch(Sequential<float> model, int batch, int threads, double seconds)
    {
        var workers = new Worker[threads];
        for (int t = 0; t < threads; t++) workers[t] = new Worker(model, batch, (ulong)t + 1);
        double stretchSeconds = seconds / Stretches;
        foreach (Worker worker in workers) worker.WarmUp(Math.Min(0.5, seconds / 3));
        var tasks = workers.Select(w => Task.Factory.StartNew(() => w.Time(stretchSeconds), TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(tasks);
        double callsPerSecond = workers.Sum(w => 1 / w.BestSecondsPerCall);
        return new InferBenchResult(batch, Math.Round(workers[0].BestSecondsPerCall * 1e6, 2), Math.Round(callsPerSecond * batch, 1),
            workers.Max(w => w.AllocatedBytesPerCall));
    }

    // One thread's predictor, inputs and timing.
    private sealed class Worker(Sequential<float> model, int batch, ulong seed)
    {
        private readonly Predictor<float> _predictor = model.CreatePredictor();
        private readonly float[] _features = NdArray<float>.RandomUniform(new Rng(seed), 0f, 1f, batch * 784).ToArray();
        private readonly float[] _scores = new float[batch * 10];

        public double BestSecondsPerCall { get; private set; } = double.MaxValue;

        public long AllocatedBytesPerCall { get; private set; }

        public void WarmUp(double seconds)
        {
            long stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            do _predictor.Predict(_features, _scores);
            while (Stopwatch.GetTimestamp() < stop);
        }

        public void Time(double stretchSeconds)
        {
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long calls = 0;
            for (int stretch = 0; stretch < Stretches; stretch++)
            {
                long start = Stopwatch.GetTimestamp(), stop = start + (long)(stretchSeconds * Stopwatch.Frequency), now;
                long n = 0;
                do
                {
                    _predictor.Predict(_features, _scores);
                    n++;
                    now = Stopwatch.GetTimestamp();
                }
                while (now < stop);
                calls += n;
                BestSecondsPerCall = Math.Min(BestSecondsPerCall, (double)(now - start) / Stopwatch.Frequency / n);
            }
            AllocatedBytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / calls;
        }
    }
}
