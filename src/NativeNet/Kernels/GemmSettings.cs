using System.Runtime.Intrinsics;
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
        : GemmKernelKind.Scalar;

    /// <summary>Kernel to use instead of <see cref="Detected"/> (tests only; must be supported by the hardware).</summary>
    public static GemmKernelKind? KernelOverride { get; set; }

    /// <summary>Kernel a call uses.</summary>
    public static GemmKernelKind Kernel => KernelOverride ?? Detected;

    /// <summary>
    /// Products with m·n·k at most this many multiply-adds skip packing: packing costs O(mk + kn) copies that a
    /// product this small cannot amortise.
    /// </summary>
    public static long SmallPathMaxWork { get; set; } = 64L * 64 * 64;

    /// <summary>
    /// Products with m or n at most this skip packing whatever their size: with so few rows (or columns) every
    /// packed element is used only a handful of times, so packing costs more than it saves.
    /// </summary>
    public static int SmallPathMaxDim { get; set; } = 16;

    /// <summary>Below this many multiply-adds a call stays on the calling thread: waking workers costs microseconds.</summary>
    public static long ParallelMinWork { get; set; } = 1L << 20;

    /// <summary>Cache blocking to use instead of the tuned default (tests only).</summary>
    public static GemmBlocking? BlockingOverride { get; set; }

    /// <summary>
    /// Tuned for Zen 4 (L1d 32 KiB, L2 1 MiB per core, shared L3). KC = 256: the KC×NR micro-panel of B
    /// (256·32·4 B = 32 KiB float) streams through L1 while the MC×KC block of A (192·256·4 B = 192 KiB float) sits
    /// comfortably in L2 next to the B block being read; NC bounds the packed B block (KC·NC = 1 MiB float) kept in
    /// L2/L3. Double uses the same byte footprints (NR halves, element size doubles).
    /// </summary>
    public static GemmBlocking DefaultBlocking(GemmKernelKind kind, int elementSize) => kind switch
    {
        GemmKernelKind.Vector512 => elementSize == 4 ? new(192, 256, 1024) : new(96, 256, 512),
        GemmKernelKind.Vector256 => elementSize == 4 ? new(192, 256, 1024) : new(96, 256, 512),
        _ => new(64, 256, 256),
    };
}
