using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NativeNet.Kernels;

namespace NativeNet.Cli.Bench;

/// <summary>
/// Steady-state training throughput (<c>nativenet bench train</c>): builds the workload, warms up for a third of the
/// time (at most a second), then times whole training steps on pre-generated batches until the time is up (and at
/// least 20 steps ran). Allocation is measured over the timed steps on all threads. At 1 thread the throughput is
/// also given per second of the caller's CPU time, which leaves out the time the thread was descheduled.
/// </summary>
public static class TrainBench
{
    private const int MinimumSteps = 20;

    /// <summary>Measures <paramref name="workload"/> on <paramref name="threads"/> threads for about <paramref name="seconds"/> seconds.</summary>
    public static TrainBenchResult Measure(TrainWorkload workload, int threads, double seconds)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (!(seconds > 0)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The measurement needs a positive duration.");
        int previous = Parallelism.ThreadCount;
        Parallelism.ThreadCount = threads;
        try
        {
            var runner = new TrainingStepRunner(workload);
            long warmUntil = Stopwatch.GetTimestamp() + (long)(Math.Min(1.0, seconds / 3) * Stopwatch.Frequency);
            int warmSteps = 0;
            while (warmSteps < 3 || Stopwatch.GetTimestamp() < warmUntil)
            {
                runner.Step();
                warmSteps++;
            }
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            double cpuStart = ThreadCpuClock.Seconds();
            long start = Stopwatch.GetTimestamp();
            long stop = start + (long)(seconds * Stopwatch.Frequency);
            long steps = 0;
            long now;
            do
            {
                runner.Step();
                steps++;
                now = Stopwatch.GetTimestamp();
            }
            while (now < stop || steps < MinimumSteps);
            double cpu = ThreadCpuClock.Seconds() - cpuStart;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            double elapsed = (double)(now - start) / Stopwatch.Frequency;
            return new TrainBenchResult(workload.Name, threads, Math.Round(steps * workload.BatchSize / elapsed, 1),
                allocated / steps, allocated, steps, Math.Round(elapsed, 3), Math.Round(elapsed * 1e3 / steps, 4),
                threads == 1 && cpu > 0 ? Math.Round(steps * workload.BatchSize / cpu, 1) : null);
        }
        finally
        {
            Parallelism.ThreadCount = previous;
        }
    }

    /// <summary>Runs the measurement described by <paramref name="options"/> and writes it to <paramref name="output"/>.</summary>
    public static void Run(TrainBenchOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var workload = TrainWorkloads.Get(options.Workload);
        var result = Measure(workload, options.Threads, options.Seconds);
        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(result, TrainBenchJsonContext.Default.TrainBenchResult));
            return;
        }
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(workload.ToString());
        output.WriteLine(string.Create(culture,
            $"{result.Threads} thread{(result.Threads == 1 ? "" : "s")}: {result.SamplesPerSecond:N0} samples/s, {result.MillisecondsPerStep:F3} ms/step over {result.Steps:N0} steps ({result.Seconds:F2} s), {result.AllocatedBytesPerStep:N0} bytes allocated per step ({result.AllocatedBytes:N0} in all)"));
        if (result.CpuSamplesPerSecond is { } cpu)
            output.WriteLine(string.Create(culture, $"per second of the thread's CPU time: {cpu:N0} samples/s"));
    }
}
