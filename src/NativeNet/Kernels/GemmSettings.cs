using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NativeNet.Kernels;

/// <summary>
/// GEMM dispatch thresholds, kernel choice and cache blocking. Internal and settable so tests can force every path
/// (small/packed, Vector512/Vector256/scalar, tiny blocks) on any machine; a call reads them once at its start.
/// </summary>
internal static class GemmSettings
{
    /// <summary>Best kernel this machine supports.</summary>
    public static readonly GemmKernelKind Detected =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported ? GemmKernelKind.Vector256
        // Vector128's FMA is one instruction only with NEON or FMA3; elsewhere it is emulated, slower than scalar.
        : Vector128.IsHardwareAccelerated && (AdvSimd.IsSupported || Fma.IsSupported) ? GemmKernelKind.Vector128
        : GemmKernelKind.Scalar;

    /// <summary>Kernel to use instead of <see cref="Detected"/> (tests only; must be supported by the hardware).</summary>
    public static GemmKernelKind? KernelOverride { get; set; }

    /// <summary>Kernel a call uses: <see cref="KernelOverride"/>, else <see cref="Detected"/> within <see cref="VectorWidth.Bits"/>.</summary>
    public static GemmKernelKind Kernel => KernelOverride ?? Capped(Detected, VectorWidth.Bits);

    /// <summary>The widest kernel no wider than <paramref name="kind"/> whose vectors are at most <paramref name="bits"/> wide.</summary>
    public static GemmKernelKind Capped(GemmKernelKind kind, int bits) => bits switch
    {
        >= 512 => kind,
        >= 256 => kind < GemmKernelKind.Vector256 ? kind : GemmKernelKind.Vector256,
        >= 128 => kind < GemmKernelKind.Vector128 ? kind : GemmKernelKind.Vector128,
        _ => GemmKernelKind.Scalar,
    };

    /// <summary>The width of <paramref name="kind"/>'s vectors in bits (0 for the scalar kernel).</summary>
    public static int Bits(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Vector512 => 512,
        GemmKernelKind.Vector256 => 256,
        GemmKernelKind.Vector128 => 128,
        _ => 0,
    };

    /// <summary>
    /// Products with m·n·k at most this many multiply-adds skip packing: packing costs O(mk + kn) copies that a
    /// product this small cannot amortise.
    /// </summary>
    public static long SmallPathMaxWork { get; set; } = DefaultSmallPathMaxWork;

    /// <summary>
    /// Products with m or n at most this skip packing whatever their size: with so few rows (or columns) every
    /// packed element is used only a handful of times, so packing costs more than it saves.
    /// </summary>
    public static int SmallPathMaxDim { get; set; } = DefaultSmallPathMaxDim;

    /// <summary>Below this many multiply-adds a call stays on the calling thread: waking workers costs microseconds.</summary>
    public static long ParallelMinWork { get; set; } = DefaultParallelMinWork;

    /// <summary>Cache blocking to use instead of the tuned default (tests only).</summary>
    public static GemmBlocking? BlockingOverride { get; set; }

    /// <summary>
    /// Whether the packed path reads full panels straight from an operand already laid out as a panel (Aᵀ stored k×m,
    /// or B when one row of blocks uses it) instead of copying them; tests turn it off to compare both ways.
    /// </summary>
    public static bool ReadOperandsInPlace { get; set; } = true;

    private const long DefaultSmallPathMaxWork = 64L * 64 * 64, DefaultParallelMinWork = 1L << 20;
    private const int DefaultSmallPathMaxDim = 16;

    /// <summary>Puts every setting above back to its default (tests call it after forcing a path).</summary>
    public static void RestoreDefaults()
    {
        KernelOverride = null;
        BlockingOverride = null;
        SmallPathMaxWork = DefaultSmallPathMaxWork;
        SmallPathMaxDim = DefaultSmallPathMaxDim;
        ParallelMinWork = DefaultParallelMinWork;
        ReadOperandsInPlace = true;
    }

    /// <summary>
    /// Tuned for Zen 4 (L1d 32 KiB, L2 1 MiB per core, shared 32 MiB L3) with the kernel loop order "row panel of A
    /// outside, column panels of B inside": the MR×KC micro-panel of A must live in L1 (12·384·4 B = 18 KiB float,
    /// 12·192·8 B = 18 KiB double, leaving room for the streamed B panel and C tile) and the KC×NC block of B must live
    /// in L2 (384·512·4 B = 768 KiB float, 192·512·8 B = 768 KiB double). A larger KC also means fewer passes over C.
    /// MC only sets the height of the parallel blocks of C (192 rows: 16 MR panels), since each A panel is used
    /// straight from L1. Measured on the target machine: KC 256/384/512 and NC 256/512/1024 are within noise of each
    /// other for n ≥ 512; KC 128 loses ~10% (C is re-read too often).
    /// </summary>
    public static GemmBlocking DefaultBlocking(GemmKernelKind kind, int elementSize) => kind switch
    {
        GemmKernelKind.Vector512 => elementSize == 4 ? new(192, 384, 512) : new(192, 192, 512),
        GemmKernelKind.Vector256 or GemmKernelKind.Vector128 => elementSize == 4 ? new(192, 384, 512) : new(192, 384, 256),
        _ => new(64, 256, 256),
    };
}
