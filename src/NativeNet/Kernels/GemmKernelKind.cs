namespace NativeNet.Kernels;

/// <summary>
/// Which SIMD width the GEMM kernels use: detected from the hardware, capped by <see cref="VectorWidth.MaxBits"/>,
/// overridable by tests. Ordered by width.
/// </summary>
internal enum GemmKernelKind
{
    /// <summary>No usable SIMD: plain scalar loops (4×4 register tile).</summary>
    Scalar,

    /// <summary>128-bit vectors with FMA (NEON on Arm64, FMA3 on x64): 6 rows × 2 Vector128 tile.</summary>
    Vector128,

    /// <summary>AVX2 + FMA (16 vector registers): 6 rows × 2 Vector256 tile.</summary>
    Vector256,

    /// <summary>AVX-512 (32 vector registers): 12 rows × 2 Vector512 tile.</summary>
    Vector512,
}
