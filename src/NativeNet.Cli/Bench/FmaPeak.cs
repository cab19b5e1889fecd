using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NativeNet.Kernels;

namespace NativeNet.Cli.Bench;

/// <summary>
/// The FMA roofline of one core at a vector width: a loop of independent fused multiply-adds on registers only, the
/// ceiling a GEMM micro-kernel of that width is judged against (a kernel at 90 % of it wastes 10 %).
/// </summary>
public static class FmaPeak
{
    // Enough independent chains to cover FMA latency × throughput on current cores (4 cycles × 2 per cycle, ×1.5).
    private const int Chains = 12;

    /// <summary>
    /// Float GFLOP/s of one thread at <paramref name="bits"/> (512, 256 or 128), best of several batches; null for a
    /// width this machine does not accelerate or 0 (no vectors).
    /// </summary>
    public static double? Gflops(int bits) => bits switch
    {
        512 when Vector512.IsHardwareAccelerated => Best<VectorLanes512<float>, Vector512<float>>(),
        256 when Vector256.IsHardwareAccelerated => Best<VectorLanes256<float>, Vector256<float>>(),
        128 when Vector128.IsHardwareAccelerated => Best<VectorLanes128<float>, Vector128<float>>(),
        _ => null,
    };

    private static double Best<TLanes, TVector>()
        where TLanes : struct, IVectorLanes<float, TVector>
        where TVector : unmanaged
    {
        const long iterations = 2_000_000;
        Run<TLanes, TVector>(iterations / 10);
        double best = double.MaxValue;
        for (int batch = 0; batch < 5; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            Run<TLanes, TVector>(iterations);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return 2.0 * Chains * TLanes.Count * iterations / best / 1e9;
    }

    // c ← c·m + a on 12 chains; m < 1 keeps the values bounded and normal. Returns a sum so the loop is not removed.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run<TLanes, TVector>(long iterations)
        where TLanes : struct, IVectorLanes<float, TVector>
        where TVector : unmanaged
    {
        TVector m = TLanes.Broadcast(0.9999999f), a = TLanes.Broadcast(1e-7f);
        TVector c0 = TLanes.One, c1 = TLanes.One, c2 = TLanes.One, c3 = TLanes.One, c4 = TLanes.One, c5 = TLanes.One;
        TVector c6 = TLanes.One, c7 = TLanes.One, c8 = TLanes.One, c9 = TLanes.One, c10 = TLanes.One, c11 = TLanes.One;
        for (long i = 0; i < iterations; i++)
        {
            c0 = TLanes.MultiplyAdd(c0, m, a); c1 = TLanes.MultiplyAdd(c1, m, a); c2 = TLanes.MultiplyAdd(c2, m, a);
            c3 = TLanes.MultiplyAdd(c3, m, a); c4 = TLanes.MultiplyAdd(c4, m, a); c5 = TLanes.MultiplyAdd(c5, m, a);
            c6 = TLanes.MultiplyAdd(c6, m, a); c7 = TLanes.MultiplyAdd(c7, m, a); c8 = TLanes.MultiplyAdd(c8, m, a);
            c9 = TLanes.MultiplyAdd(c9, m, a); c10 = TLanes.MultiplyAdd(c10, m, a); c11 = TLanes.MultiplyAdd(c11, m, a);
        }
        TVector s = TLanes.Add(TLanes.Add(TLanes.Add(c0, c1), TLanes.Add(c2, c3)), TLanes.Add(TLanes.Add(c4, c5), TLanes.Add(c6, c7)));
        return TLanes.Sum(TLanes.Add(s, TLanes.Add(TLanes.Add(c8, c9), TLanes.Add(c10, c11))));
    }
}
