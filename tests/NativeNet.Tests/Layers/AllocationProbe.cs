namespace NativeNet.Tests.Layers;

/// <summary>Measures what a warmed-up action allocates on the current thread.</summary>
internal static class AllocationProbe
{
    public static long BytesPerRun(Action action, int warmup = 20, int runs = 10)
    {
        for (int i = 0; i < warmup; i++) action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < runs; i++) action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / runs;
    }
}
