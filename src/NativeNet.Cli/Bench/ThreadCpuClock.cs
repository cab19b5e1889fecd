using System.Runtime.InteropServices;

namespace NativeNet.Cli.Bench;

/// <summary>
/// CPU time consumed by the calling thread (Linux: CLOCK_THREAD_CPUTIME_ID, nanosecond resolution). A single-thread
/// GEMM runs entirely on the caller, so this excludes the runtime's background threads (tiered JIT, GC) that the
/// process clock would add. Elsewhere it falls back to the process CPU clock.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Seconds of CPU time used so far by the calling thread (process, off Linux).</summary>
    public static double Seconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out TimeSpec now) == 0)
            return now.Seconds + now.Nanoseconds * 1e-9;
        return Environment.CpuUsage.TotalTime.TotalSeconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec value);
}
