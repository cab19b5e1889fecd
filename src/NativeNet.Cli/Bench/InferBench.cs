using System.Globalization;
using System.Text.Json;
using NativeNet.Inference;
using NativeNet.Kernels;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Cli.Bench;

/// <summary>
/// Prediction latency and throughput (<c>nativenet bench infer</c>) of the 784-256-128-10 ReLU MLP of the
/// Fashion-MNIST workloads: each thread holds its own <see cref="Predictor{T}"/> over the one model and predicts
/// random inputs back to back, timed by <see cref="CallTimer"/>. Matrix products run on the calling thread, so the
/// threads measure predictors serving requests side by side. Beside each time it gives the roofline's floor for the
/// call on this core (<see cref="ReadPeak"/> and <see cref="FmaPeak"/>), measured in the same run.
/// </summary>
public static class InferBench
{
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
            long weightBytes = model.ParameterCount * sizeof(float);
            // Each weight matrix (the rank-2 parameters) takes one multiply-add per element and sample.
            long multiplyAddsPerSample = model.Parameters.Where(p => p.Value.Rank == 2).Sum(p => (long)p.Length);
            double? readPeak = ReadPeak.GigabytesPerSecond(weightBytes, Gemm.KernelBits);
            double? fmaPeak = FmaPeak.Gflops(Gemm.KernelBits);
            var results = new List<InferBenchResult>();
            foreach (int batch in options.BatchSizes)
            {
                long flops = 2 * multiplyAddsPerSample * batch;
                double? floor = readPeak is double gbps && fmaPeak is double gflops
                    ? Math.Round(Math.Max(weightBytes / gbps, flops / gflops) / 1e3, 2)
                    : null;
                results.Add(MeasureBatch(model, batch, options.Threads, options.Seconds, flops) with { FloorMicroseconds = floor });
            }
            return new InferBenchReport(Model, options.Threads, results)
            {
                WeightBytes = weightBytes,
                ReadPeakGbps = readPeak is double r ? Math.Round(r, 1) : null,
                FmaPeakGflopsPerThread = fmaPeak is double f ? Math.Round(f, 2) : null,
            };
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
        if (report.ReadPeakGbps is double read && report.FmaPeakGflopsPerThread is double fma)
            output.WriteLine($"weights {report.WeightBytes / 1e6:F2} MB; one thread reads that many bytes at {read:F1} GB/s and multiply-adds at {fma:F1} GFLOP/s");
        output.WriteLine($"{"batch",6} {"µs/call",10} {"floor µs",9} {"samples/s",12} {"bytes/call",11}");
        foreach (InferBenchResult r in report.Results)
            output.WriteLine($"{r.BatchSize,6} {r.MicrosecondsPerCall,10:F1} {(r.FloorMicroseconds is double f ? f.ToString("F1", CultureInfo.InvariantCulture) : "-"),9} {r.SamplesPerSecond,12:F0} {r.AllocatedBytesPerCall,11}");
    }

    private static InferBenchResult MeasureBatch(Sequential<float> model, int batch, int threads, double seconds, long flops)
    {
        var workers = new Worker[threads];
        for (int t = 0; t < threads; t++) workers[t] = new Worker(model, batch, (ulong)t + 1);
        double stretchSeconds = seconds / CallTimer.Stretches;
        foreach (Worker worker in workers) worker.WarmUp(Math.Min(0.5, seconds / 3));
        var tasks = workers.Select(w => Task.Factory.StartNew(() => w.Time(stretchSeconds), TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(tasks);
        double callsPerSecond = workers.Sum(w => 1 / w.BestSecondsPerCall);
        return new InferBenchResult(batch, Math.Round(workers[0].BestSecondsPerCall * 1e6, 2), Math.Round(callsPerSecond * batch, 1),
            workers.Max(w => w.AllocatedBytesPerCall), flops);
    }

    // One thread's predictor and inputs, timed by a CallTimer.
    private sealed class Worker
    {
        private readonly Predictor<float> _predictor;
        private readonly float[] _features;
        private readonly float[] _scores;
        private readonly CallTimer _timer;

        public Worker(Sequential<float> model, int batch, ulong seed)
        {
            _predictor = model.CreatePredictor();
            _features = NdArray<float>.RandomUniform(new Rng(seed), 0f, 1f, batch * 784).ToArray();
            _scores = new float[batch * 10];
            _timer = new CallTimer(() => _predictor.Predict(_features, _scores));
        }

        public double BestSecondsPerCall => _timer.BestSecondsPerCall;

        public long AllocatedBytesPerCall => _timer.AllocatedBytesPerCall;

        public void WarmUp(double seconds) => _timer.WarmUp(seconds);

        public void Time(double stretchSeconds) => _timer.Time(stretchSeconds);
    }
}
