using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Kernels;

/// <summary>
/// General matrix multiply: C ← α·op(A)·op(B) + β·C, row-major, where op(X) is X or Xᵀ.
/// </summary>
/// <remarks>
/// A BLIS/GotoBLAS-style implementation: small and skinny products are computed in place without packing; larger ones
/// pack A and B into 64-byte-aligned per-thread buffers (reused across calls, so steady-state calls allocate nothing)
/// with NC/KC/MC cache blocking, and run a register-tiled FMA micro-kernel (AVX-512 12×32 float / 12×16 double, with
/// a half- or quarter-width kernel for a narrow column remainder, and a kernel with the rows in the lanes for a float
/// remainder of at most 4 columns; AVX2 6×16 / 6×8; or scalar 4×4). A is read where it is instead of being copied
/// (Aᵀ as panels, a row-major A along its rows unless its rows alias in L1, such as 3,072 floats apart), and so is a
/// narrow-row B used by one row of blocks. Work above a threshold is split over <see cref="Parallelism.ThreadCount"/>
/// threads along a fixed grid of C, so results are bit-identical for any thread count.
/// C must not overlap A or B. Layout convention for dense layers: weights W stored as (in_features, out_features),
/// so forward is Y = X·W, backward dX = dY·Wᵀ (<c>transposeB</c>) and dW = Xᵀ·dY (<c>transposeA</c>).
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// The micro-kernel the next product will use, named by its vector width: <c>vector512</c>, <c>vector256</c>,
    /// <c>vector128</c> (NEON on Arm64, FMA3 on x64) or <c>scalar</c>; the widest the hardware runs within
    /// <see cref="VectorWidth.MaxBits"/>.
    /// </summary>
    public static string KernelName => GemmSettings.Kernel.ToString().ToLowerInvariant();

    /// <summary>The vector width of <see cref="KernelName"/>'s kernel in bits (0 for the scalar kernel).</summary>
    public static int KernelBits => GemmSettings.Bits(GemmSettings.Kernel);

    /// <summary>
    /// C[m×n] ← α·op(A)·op(B) + β·C on row-major spans with leading dimensions (row strides).
    /// op(A) is m×k (A is k×m when transposed); op(B) is k×n (B is n×k when transposed).
    /// When β is zero, C is overwritten and its previous contents (even NaN) are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">A size or leading dimension is inconsistent with a span's length.</exception>
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var none = default(NoGemmEpilogue<T>);
        Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ref none);
    }

    /// <summary>
    /// C[m×n] ← α·op(A)·op(B) + β·C as <see cref="Multiply{T}(bool, bool, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int)"/>,
    /// then <paramref name="epilogue"/> applied to each finished region of C while it is still in cache (every element
    /// exactly once). Regions are disjoint and may be handed to <see cref="IGemmEpilogue{T}.Apply"/> from several
    /// threads at once.
    /// </summary>
    /// <exception cref="ArgumentException">A size or leading dimension is inconsistent with a span's length.</exception>
    public static unsafe void Multiply<T, TEpilogue>(bool transposeA, bool transposeB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, ref TEpilogue epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a.Length, transposeA ? k : m, transposeA ? m : k, lda, "A", nameof(a));
        CheckOperand(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, "B", nameof(b));
        CheckOperand(c.Length, m, n, ldc, "C", nameof(c));
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
            GemmDriver.Run(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, ref epilogue);
    }

    /// <summary>
    /// C[m×n] ← A·B + epilogue, reading B from <paramref name="packedB"/> (its packed copy) where the product takes the
    /// packed path: a predictor's dense layer, whose weights do not change between calls.
    /// </summary>
    internal static unsafe void Multiply<T, TEpilogue>(int m, ReadOnlySpan<T> a, ReadOnlySpan<T> b, PackedMatrix<T> packedB,
        Span<T> c, ref TEpilogue epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        int k = packedB.Rows, n = packedB.Columns;
        CheckOperand(a.Length, m, k, k, "A", nameof(a));
        CheckOperand(b.Length, k, n, n, "B", nameof(b));
        CheckOperand(c.Length, m, n, n, "C", nameof(c));
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
            GemmDriver.Run(false, false, m, n, k, T.One, pa, k, pb, n, T.Zero, pc, n, ref epilogue, packedB);
    }

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C on rank-2 arrays; shapes are checked and a mismatch names all three.
    /// </summary>
    public static void Multiply<T>(NdArray<T> a, NdArray<T> b, NdArray<T> c,
        bool transposeA = false, bool transposeB = false, T? alpha = null, T? beta = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var none = default(NoGemmEpilogue<T>);
        Multiply(a, b, c, ref none, transposeA, transposeB, alpha, beta);
    }

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C on rank-2 arrays, then <paramref name="epilogue"/> on each finished region of C
    /// (see the span overload); shapes are checked and a mismatch names all three.
    /// </summary>
    public static unsafe void Multiply<T, TEpilogue>(NdArray<T> a, NdArray<T> b, NdArray<T> c, ref TEpilogue epilogue,
        bool transposeA = false, bool transposeB = false, T? alpha = null, T? beta = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        (int m, int n, int k) = CheckShapes(a, b, c, transposeA, transposeB);
        GemmDriver.Run(transposeA, transposeB, m, n, k, alpha ?? T.One, a.Pointer, a.Dim(1), b.Pointer, b.Dim(1),
            beta ?? T.Zero, c.Pointer, c.Dim(1), ref epilogue);
    }

    /// <summary>
    /// C ← op(A)·op(B) + bias (bias added to every row, fused into the GEMM while C is in cache): a dense layer's
    /// forward pass. Shapes are checked and a mismatch names all four.
    /// </summary>
    public static void MultiplyAddBias<T>(NdArray<T> a, NdArray<T> b, NdArray<T> bias, NdArray<T> c,
        bool transposeA = false, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(bias);
        (_, int n, _) = CheckShapes(a, b, c, transposeA, transposeB);
        if (bias.Rank != 1 || bias.Length != n)
            throw new ArgumentException(
                $"GEMM bias {bias.ShapeString} does not match C {c.ShapeString} (A {a.ShapeString}, B {b.ShapeString}); expected {NdArray<T>.FormatShape([n])}.",
                nameof(bias));
        var epilogue = new BiasAddEpilogue<T>(bias);
        Multiply(a, b, c, ref epilogue, transposeA, transposeB);
    }

    private static (int M, int N, int K) CheckShapes<T>(NdArray<T> a, NdArray<T> b, NdArray<T> c, bool transposeA, bool transposeB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ArgumentException($"GEMM needs matrices: A {a.ShapeString}, B {b.ShapeString}, C {c.ShapeString}.");
        int m = transposeA ? a.Dim(1) : a.Dim(0);
        int k = transposeA ? a.Dim(0) : a.Dim(1);
        int kb = transposeB ? b.Dim(1) : b.Dim(0);
        int n = transposeB ? b.Dim(0) : b.Dim(1);
        if (k != kb || c.Dim(0) != m || c.Dim(1) != n)
            throw new ArgumentException(
                $"GEMM shape mismatch: op(A) {NdArray<T>.FormatShape([m, k])} from A {a.ShapeString}{(transposeA ? "ᵀ" : "")}, " +
                $"op(B) {NdArray<T>.FormatShape([kb, n])} from B {b.ShapeString}{(transposeB ? "ᵀ" : "")}, C {c.ShapeString}.");
        if (Overlaps(c, a) || Overlaps(c, b))
            throw new ArgumentException($"GEMM output C {c.ShapeString} must not share storage with A {a.ShapeString} or B {b.ShapeString}.");
        return (m, n, k);
    }

    private static unsafe bool Overlaps<T>(NdArray<T> x, NdArray<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => x.Length > 0 && y.Length > 0 && x.Pointer < y.Pointer + y.Length && y.Pointer < x.Pointer + x.Length;

    private static void CheckOperand(int length, int rows, int cols, int ld, string name, string parameter)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"GEMM {name}: leading dimension {ld} is smaller than its {cols} columns.", parameter);
        if (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length)
            throw new ArgumentException(
                $"GEMM {name}: {rows}×{cols} with leading dimension {ld} needs {(long)(rows - 1) * ld + cols} elements, span has {length}.",
                parameter);
    }
}
