using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using NativeNet.Kernels;
using NativeNet.Tensors;

namespace NativeNet.Cli.Bench;

/// <summary>
/// Quick GEMM throughput measurement (<c>nativenet bench gemm</c>): for each shape, warms up, then repeats the product
/// until about 0.3 s has passed in batches and reports the best batch's GFLOP/s (2·m·n·k flops per product); the best
/// of several batches is the usual way to read a noisy shared machine. It also reports GFLOP per CPU-second (see
/// <see cref="GemmBenchResult.CpuGflops"/>), which load from other processes does not inflate (it still suffers their
/// cache pollution).
/// </summary>
public static class GemmBench
{
    private const double BatchSeconds = 0.05;
    private const int Batches = 6;
    private const double WarmUpSeconds = 0.15;

    /// <summary>Runs the measurement described by <paramref name="options"/> and writes the results to <paramref name="output"/>.</summary>
    public static void Run(GemmBenchOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        int previous = Parallelism.ThreadCount;
        Parallelism.ThreadCount = options.Threads;
        try
        {
            var results = new List<GemmBenchResult>();
            // The roofline of the kernel's width, measured in the same run so that a noisy machine affects both alike.
            double? peak = FmaPeak.Gflops(Gemm.KernelBits);
            foreach ((int m, int k, int n) in options.Shapes)
            {
                (double gflops, double cpuGflops) = options.Double
                    ? Measure<double>(m, k, n, options.TransposeA, options.TransposeB, options.Threads)
                    : Measure<float>(m, k, n, options.TransposeA, options.TransposeB, options.Threads);
                results.Add(new GemmBenchResult(m, n, k, options.TransposeA, options.TransposeB, Math.Round(gflops, 2))
                {
                    CpuGflops = Math.Round(cpuGflops, 2),
                });
            }
            if (options.Json)
            {
                var report = new GemmBenchReport(options.Threads, options.Double ? "double" : "float", results)
                {
                    FmaPeakGflopsPerThread = peak is double roofline ? Math.Round(roofline, 2) : null,
                };
                output.WriteLine(JsonSerializer.Serialize(report, GemmBenchJsonContext.Default.GemmBenchReport));
                return;
            }
            output.WriteLine($"kernel {Gemm.KernelName}" + (peak is double roof ? $", FMA peak {roof:F1} GFLOP/s per thread (float)" : ""));
            output.WriteLine($"{"m",6} {"k",6} {"n",6} {"op",4} {"threads",7} {"GFLOP/s",9} {"of peak",8}");
            foreach (GemmBenchResult r in results)
            {
                string ofPeak = peak is double p && !options.Double ? $"{r.Gflops / (p * options.Threads):P0}" : "";
                output.WriteLine($"{r.M,6} {r.K,6} {r.N,6} {(r.TransposeA ? "T" : "N") + (r.TransposeB ? "T" : "N"),4} {options.Threads,7} {r.Gflops,9:F1} {ofPeak,8}");
            }
        }
        finally
        {
            Parallelism.ThreadCount = previous;
        }
    }

    private static (double Wall, double Cpu) Measure<T>(int m, int k, int n, bool transA, bool transB, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(42);
        var a = transA ? NdArray<T>.RandomUniform(rng, -T.One, T.One, k, m) : NdArray<T>.RandomUniform(rng, -T.One, T.One, m, k);
        var b = transB ? NdArray<T>.RandomUniform(rng, -T.One, T.One, n, k) : NdArray<T>.RandomUniform(rng, -T.One, T.One, k, n);
        var c = NdArray<T>.Zeros(m, n);
        double flops = 2.0 * m * n * k;
        // Warm up long enough for tiered compilation to reach the optimised driver code (the first shape otherwise
        // times partly unoptimised code), then size batches from the last warm-up stretch.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < WarmUpSeconds)
            Gemm.Multiply(a, b, c, transA, transB);
        watch.Restart();
        int reps = 0;
        do
        {
            Gemm.Multiply(a, b, c, transA, transB);
            reps++;
        }
        while (watch.Elapsed.TotalSeconds < BatchSeconds && reps < 1000);
        // Enough repetitions per batch for about BatchSeconds, so timer resolution does not matter.
        int perBatch = Math.Max(1, (int)(reps * BatchSeconds / watch.Elapsed.TotalSeconds));
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int batch = 0; batch < Batches; batch++)
        {
            // One thread: the calling thread's clock (excludes the runtime's background threads); more: the process's,
            // which sums the workers' time (spinning included), so the 2-thread/1-thread ratio is the parallel efficiency.
            double cpuStart = threads == 1 ? ThreadCpuClock.Seconds() : Environment.CpuUsage.TotalTime.TotalSeconds;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++)
                Gemm.Multiply(a, b, c, transA, transB);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / perBatch);
            double cpuEnd = threads == 1 ? ThreadCpuClock.Seconds() : Environment.CpuUsage.TotalTime.TotalSeconds;
            bestCpu = Math.Min(bestCpu, (cpuEnd - cpuStart) / perBatch);
        }
        return (flops / best / 1e9, flops / Math.Max(bestCpu, 1e-12) / 1e9);
    }
}
