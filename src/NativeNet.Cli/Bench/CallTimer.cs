using System.Diagnostics;

namespace NativeNet.Cli.Bench;

/// <summary>
/// Latency of one call repeated back to back: warms up, then times several stretches and keeps the best stretch's
/// mean, the usual way to read a noisy shared machine. <c>bench infer</c> and the peer runtimes of
/// <c>benchmarks/compare-infer.sh</c> are timed by this same code.
/// </summary>
/// <param name="call">The call to time.</param>
public sealed class CallTimer(Action call)
{
    /// <summary>Stretches timed after the warm-up; the best one is kept.</summary>
    public const int Stretches = 5;

    /// <summary>The best stretch's mean seconds per call (<see cref="double.MaxValue"/> before <see cref="Time"/>).</summary>
    public double BestSecondsPerCall { get; private set; } = double.MaxValue;

    /// <summary>Bytes the timing thread allocated per call over all stretches.</summary>
    public long AllocatedBytesPerCall { get; private set; }

    /// <summary>Calls back to back for <paramref name="seconds"/> (compilation, caches, lazy workspaces).</summary>
    public void WarmUp(double seconds)
    {
        long stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        do call();
        while (Stopwatch.GetTimestamp() < stop);
    }

    /// <summary>Times <see cref="Stretches"/> stretches of <paramref name="stretchSeconds"/> each.</summary>
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
                call();
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
