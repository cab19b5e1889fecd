namespace NativeNet.Kernels;

/// <summary>Which SIMD width the GEMM kernels use; detected from the hardware, overridable by tests.</summary>
internal enum GemmKernelKind
{
    /// <summary>No usable SIMD: plain scalar loops (4×4 register tile).</summary>
    Scalar,

    /// <summary>AVX2 + FMA (16 vector registers): 6 rows × 2 Vector256 tile.</summary>
    Vector256,

    /// <summary>AVX-512 (32 vector registers): 12 rows × 2 Vector512 tile.</summary>
    Vector512,
}
