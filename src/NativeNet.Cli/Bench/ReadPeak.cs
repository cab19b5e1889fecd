using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NativeNet.Kernels;

namespace NativeNet.Cli.Bench;

/// <summary>
/// The read roofline of one core for a working set: vector loads of a buffer of that many bytes, over and over, summed
/// into independent chains. A call that must read its weights once cannot take less than their size over this rate,
/// whatever its arithmetic; <see cref="FmaPeak"/> is the other side of the same roofline.
/// </summary>
public static class ReadPeak
{
    // Independent sums, so that the add latency never limits the loads (4 cycles × 2 loads per cycle).
    private const int Chains = 8;

    /// <summary>Seconds of warm-up and of each timed stretch: tens of passes even over a buffer the size of L3.</summary>
    private const double WarmUpSeconds = 0.05, StretchSeconds = 0.02;

    /// <summary>
    /// GB/s of one thread reading <paramref name="bytes"/> again and again with <paramref name="bits"/>-bit loads (512,
    /// 256 or 128), in the best of several stretches; null for a width this machine does not accelerate or 0 (no vectors).
    /// </summary>
    public static double? GigabytesPerSecond(long bytes, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        return bits switch
        {
            512 when Vector512.IsHardwareAccelerated => Best<VectorLanes512<float>, Vector512<float>>(bytes),
            256 when Vector256.IsHardwareAccelerated => Best<VectorLanes256<float>, Vector256<float>>(bytes),
            128 when Vector128.IsHardwareAccelerated => Best<VectorLanes128<float>, Vector128<float>>(bytes),
            _ => null,
        };
    }

    // One pass over the buffer per call, timed by the CallTimer that times the calls this rate is compared with.
    private static unsafe double Best<TLanes, TVector>(long bytes)
        where TLanes : struct, IVectorLanes<float, TVector>
        where TVector : unmanaged
    {
        // Whole steps of Chains vectors, starting on a 64-byte cache line like the library's own arrays.
        long step = Chains * TLanes.Count;
        long length = (bytes / sizeof(float) + step - 1) / step * step;
        float* buffer = (float*)NativeMemory.AlignedAlloc((nuint)(length * sizeof(float)), 64);
        try
        {
            new Span<float>(buffer, (int)length).Fill(1f);
            var timer = new CallTimer(() => Sum<TLanes, TVector>(buffer, length));
            timer.WarmUp(WarmUpSeconds);
            timer.Time(StretchSeconds);
            return length * sizeof(float) / timer.BestSecondsPerCall / 1e9;
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    // Sums the buffer; returns the sum, and is not inlined, so the loads are not removed.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Sum<TLanes, TVector>(float* buffer, long length)
        where TLanes : struct, IVectorLanes<float, TVector>
        where TVector : unmanaged
    {
        nint w = TLanes.Count;
        TVector s0 = TLanes.Zero, s1 = TLanes.Zero, s2 = TLanes.Zero, s3 = TLanes.Zero;
        TVector s4 = TLanes.Zero, s5 = TLanes.Zero, s6 = TLanes.Zero, s7 = TLanes.Zero;
        for (float* p = buffer, end = buffer + length; p < end; p += Chains * w)
        {
            s0 = TLanes.Add(s0, TLanes.Load(p)); s1 = TLanes.Add(s1, TLanes.Load(p + w));
            s2 = TLanes.Add(s2, TLanes.Load(p + 2 * w)); s3 = TLanes.Add(s3, TLanes.Load(p + 3 * w));
            s4 = TLanes.Add(s4, TLanes.Load(p + 4 * w)); s5 = TLanes.Add(s5, TLanes.Load(p + 5 * w));
            s6 = TLanes.Add(s6, TLanes.Load(p + 6 * w)); s7 = TLanes.Add(s7, TLanes.Load(p + 7 * w));
        }
        TVector s = TLanes.Add(TLanes.Add(TLanes.Add(s0, s1), TLanes.Add(s2, s3)), TLanes.Add(TLanes.Add(s4, s5), TLanes.Add(s6, s7)));
        return TLanes.Sum(s);
    }
}
