using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Kernels;

/// <summary>
/// General matrix multiply: C ← α·op(A)·op(B) + β·C, row-major, where op(X) is X or Xᵀ.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// C[m×n] ← α·op(A)·op(B) + β·C on row-major spans with leading dimensions (row strides).
    /// op(A) is m×k (A is k×m when transposed); op(B) is k×n (B is n×k when transposed).
    /// When β is zero, C is overwritten and its previous contents (even NaN) are ignored.
    /// </summary>
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                    sum += (transposeA ? a[p * lda + i] : a[i * lda + p]) * (transposeB ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = beta == T.Zero ? alpha * sum : alpha * sum + beta * c[i * ldc + j];
            }
    }

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C on rank-2 arrays; shapes are checked and a mismatch names all three.
    /// </summary>
    public static void Multiply<T>(NdArray<T> a, NdArray<T> b, NdArray<T> c,
        bool transposeA = false, bool transposeB = false, T? alpha = null, T? beta = null)
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
        Multiply(transposeA, transposeB, m, n, k, alpha ?? T.One, a.Span, a.Dim(1), b.Span, b.Dim(1), beta ?? T.Zero, c.Span, c.Dim(1));
    }
}
