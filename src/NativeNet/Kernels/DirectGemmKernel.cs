using System.Numerics;
using System.Runtime.CompilerServices;
using static NativeNet.Kernels.GemmMicroKernels;

namespace NativeNet.Kernels;

/// <summary>
/// Kernel of the no-packing GEMM path for small and skinny products: reads op(A) in place through (row, column) strides
/// and op(B) in place as row-contiguous k×n, 4 rows × 2 vectors at a time; the column tail uses masked loads/stores so
/// nothing past the matrices is touched. Written once for every vector width: the lanes type
/// (<see cref="VectorLanes512{T}"/>, <see cref="VectorLanes256{T}"/>) supplies the width's operations, which
/// the JIT inlines into this method's specialised copy.
/// </summary>
internal static unsafe class DirectGemmKernel
{
    /// <summary>C[rows×cols] = α·A·B + β·C with rows ≤ 4; element (r, p) of A at a + r·aRow + p·aCol; B row p at b + p·ldb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TLanes, TVector>(int rows, int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc,
        T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        nint w = TLanes.Count;
        // Rows past the end reuse the last valid row's pointer: their lanes are computed and never stored.
        T* a0 = a;
        T* a1 = a + Math.Min(1, rows - 1) * aRow;
        T* a2 = a + Math.Min(2, rows - 1) * aRow;
        T* a3 = a + Math.Min(3, rows - 1) * aRow;
        TVector va = TLanes.Broadcast(alpha);
        TVector vb = TLanes.Broadcast(beta);
        bool betaZero = GemmMicroKernels.IsZero(beta);
        int j = 0;
        for (; j + 2 * w <= cols; j += (int)(2 * w))
        {
            {
                TVector s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                T* bp = b + j;
                T* p0 = a0, p1 = a1, p2 = a2, p3 = a3;
                for (int p = 0; p < k; p++)
                {
                    TVector b0 = TLanes.Load(bp);
                    TVector b1 = TLanes.Load(bp + w);
                    TVector x0 = TLanes.Broadcast(*p0);
                    s00 = TLanes.MultiplyAdd(x0, b0, s00); s01 = TLanes.MultiplyAdd(x0, b1, s01);
                    TVector x1 = TLanes.Broadcast(*p1);
                    s10 = TLanes.MultiplyAdd(x1, b0, s10); s11 = TLanes.MultiplyAdd(x1, b1, s11);
                    TVector x2 = TLanes.Broadcast(*p2);
                    s20 = TLanes.MultiplyAdd(x2, b0, s20); s21 = TLanes.MultiplyAdd(x2, b1, s21);
                    TVector x3 = TLanes.Broadcast(*p3);
                    s30 = TLanes.MultiplyAdd(x3, b0, s30); s31 = TLanes.MultiplyAdd(x3, b1, s31);
                    p0 += aCol; p1 += aCol; p2 += aCol; p3 += aCol;
                    bp += ldb;
                }
                { StoreRow<T, TLanes, TVector>(c + 0 * ldc + j, TLanes.Multiply(s00, va), vb, betaZero); StoreRow<T, TLanes, TVector>(c + 0 * ldc + j + w, TLanes.Multiply(s01, va), vb, betaZero); }
                if (rows > 1) { StoreRow<T, TLanes, TVector>(c + 1 * ldc + j, TLanes.Multiply(s10, va), vb, betaZero); StoreRow<T, TLanes, TVector>(c + 1 * ldc + j + w, TLanes.Multiply(s11, va), vb, betaZero); }
                if (rows > 2) { StoreRow<T, TLanes, TVector>(c + 2 * ldc + j, TLanes.Multiply(s20, va), vb, betaZero); StoreRow<T, TLanes, TVector>(c + 2 * ldc + j + w, TLanes.Multiply(s21, va), vb, betaZero); }
                if (rows > 3) { StoreRow<T, TLanes, TVector>(c + 3 * ldc + j, TLanes.Multiply(s30, va), vb, betaZero); StoreRow<T, TLanes, TVector>(c + 3 * ldc + j + w, TLanes.Multiply(s31, va), vb, betaZero); }
            }
        }
        if (j < cols)
        {
            TVector m0 = TLanes.FirstLanes(cols - j, 0);
            TVector m1 = TLanes.FirstLanes(cols - j, (int)w);
            {
                TVector s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                T* bp = b + j;
                T* p0 = a0, p1 = a1, p2 = a2, p3 = a3;
                for (int p = 0; p < k; p++)
                {
                    TVector b0 = TLanes.LoadMasked(bp, m0);
                    TVector b1 = TLanes.LoadMasked(bp + w, m1);
                    TVector x0 = TLanes.Broadcast(*p0);
                    s00 = TLanes.MultiplyAdd(x0, b0, s00); s01 = TLanes.MultiplyAdd(x0, b1, s01);
                    TVector x1 = TLanes.Broadcast(*p1);
                    s10 = TLanes.MultiplyAdd(x1, b0, s10); s11 = TLanes.MultiplyAdd(x1, b1, s11);
                    TVector x2 = TLanes.Broadcast(*p2);
                    s20 = TLanes.MultiplyAdd(x2, b0, s20); s21 = TLanes.MultiplyAdd(x2, b1, s21);
                    TVector x3 = TLanes.Broadcast(*p3);
                    s30 = TLanes.MultiplyAdd(x3, b0, s30); s31 = TLanes.MultiplyAdd(x3, b1, s31);
                    p0 += aCol; p1 += aCol; p2 += aCol; p3 += aCol;
                    bp += ldb;
                }
                { StoreMasked<T, TLanes, TVector>(c + 0 * ldc + j, TLanes.Multiply(s00, va), vb, betaZero, m0); StoreMasked<T, TLanes, TVector>(c + 0 * ldc + j + w, TLanes.Multiply(s01, va), vb, betaZero, m1); }
                if (rows > 1) { StoreMasked<T, TLanes, TVector>(c + 1 * ldc + j, TLanes.Multiply(s10, va), vb, betaZero, m0); StoreMasked<T, TLanes, TVector>(c + 1 * ldc + j + w, TLanes.Multiply(s11, va), vb, betaZero, m1); }
                if (rows > 2) { StoreMasked<T, TLanes, TVector>(c + 2 * ldc + j, TLanes.Multiply(s20, va), vb, betaZero, m0); StoreMasked<T, TLanes, TVector>(c + 2 * ldc + j + w, TLanes.Multiply(s21, va), vb, betaZero, m1); }
                if (rows > 3) { StoreMasked<T, TLanes, TVector>(c + 3 * ldc + j, TLanes.Multiply(s30, va), vb, betaZero, m0); StoreMasked<T, TLanes, TVector>(c + 3 * ldc + j + w, TLanes.Multiply(s31, va), vb, betaZero, m1); }
            }
        }
    }

    /// <summary>
    /// C[1×cols] = α·a·B + β·C for a single row (a GEMV against row-major B, as in predicting one sample), by
    /// <see cref="RunRowInRegisters{T, TLanes, TVector}"/> when B is in the caches and
    /// <see cref="RunRowStreaming{T, TLanes, TVector}"/> when it comes from memory. Both compute each element as the FMA
    /// chain over k in order of <see cref="Run{T, TLanes, TVector}"/>, so the result does not depend on which ran.
    /// </summary>
    public static void RunRow<T, TLanes, TVector>(int cols, int k, T* a, nint aCol, T* b, nint ldb, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        if ((long)k * ldb * sizeof(T) > StreamingMinBytes)
            RunRowStreaming<T, TLanes, TVector>(cols, k, a, aCol, b, ldb, c, alpha, beta);
        else
            RunRowInRegisters<T, TLanes, TVector>(cols, k, a, aCol, b, ldb, c, alpha, beta);
    }

    /// <summary>
    /// The single-row product with 8 vectors of columns a pass, so that 8 independent FMA chains in registers hide the
    /// FMA latency the 2-vector tile of <see cref="Run{T, TLanes, TVector}"/> would wait on with one row; the columns left
    /// over go to that tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRowInRegisters<T, TLanes, TVector>(int cols, int k, T* a, nint aCol, T* b, nint ldb, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        nint w = TLanes.Count;
        TVector va = TLanes.Broadcast(alpha);
        TVector vb = TLanes.Broadcast(beta);
        bool betaZero = GemmMicroKernels.IsZero(beta);
        int j = 0;
        for (; j + 8 * w <= cols; j += (int)(8 * w))
        {
            TVector s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            T* bp = b + j;
            T* ap = a;
            for (int p = 0; p < k; p++)
            {
                TVector x = TLanes.Broadcast(*ap);
                s0 = TLanes.MultiplyAdd(x, TLanes.Load(bp), s0);
                s1 = TLanes.MultiplyAdd(x, TLanes.Load(bp + w), s1);
                s2 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 2 * w), s2);
                s3 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 3 * w), s3);
                s4 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 4 * w), s4);
                s5 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 5 * w), s5);
                s6 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 6 * w), s6);
                s7 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 7 * w), s7);
                ap += aCol;
                bp += ldb;
            }
            StoreRow<T, TLanes, TVector>(c + j, TLanes.Multiply(s0, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + w, TLanes.Multiply(s1, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 2 * w, TLanes.Multiply(s2, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 3 * w, TLanes.Multiply(s3, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 4 * w, TLanes.Multiply(s4, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 5 * w, TLanes.Multiply(s5, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 6 * w, TLanes.Multiply(s6, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 7 * w, TLanes.Multiply(s7, va), vb, betaZero);
        }
        if (j < cols)
            Run<T, TLanes, TVector>(1, cols - j, k, a, 0, aCol, b + j, ldb, c + j, 0, alpha, beta);
    }
    /// <summary>Columns of C a single-row product accumulates at a time: 4 KiB of float (8 of double) stays in L1.</summary>
    private const int RowStrip = 1024;

    /// <summary>
    /// B spanning more than this (bytes) goes to <see cref="RunRowStreaming{T, TLanes, TVector}"/>: from memory,
    /// reading B in order wins; from L2, sums in registers do (256×128 took 1.9 µs against 3.0, 3,072×500 218 against
    /// 164; 784×256 was a draw).
    /// </summary>
    private const long StreamingMinBytes = 1 << 20;

    /// <summary>
    /// The single-row product for a B that does not fit the caches: B is read row after row in memory
    /// order, four rows a pass, into a strip of sums that stays in L1. Walking B by column strips reads each row in
    /// pieces a row stride apart, which the prefetchers and the TLB serve poorly from memory (3,072×500 ran at half
    /// OpenBLAS's sgemv). Each element is the same FMA chain over k in order, so the result is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRowStreaming<T, TLanes, TVector>(int cols, int k, T* a, nint aCol, T* b, nint ldb, T* c, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        nint w = TLanes.Count;
        T* sums = stackalloc T[RowStrip];
        TVector va = TLanes.Broadcast(alpha);
        TVector vb = TLanes.Broadcast(beta);
        bool betaZero = GemmMicroKernels.IsZero(beta);
        for (int j0 = 0; j0 < cols; j0 += RowStrip)
        {
            int width = Math.Min(RowStrip, cols - j0);
            nint vectorEnd = width / w * w;
            new Span<T>(sums, width).Clear();
            T* bp = b + j0;
            int p = 0;
            for (; p + 4 <= k; p += 4, bp += 4 * ldb)
            {
                T a0 = a[p * aCol], a1 = a[(p + 1) * aCol], a2 = a[(p + 2) * aCol], a3 = a[(p + 3) * aCol];
                TVector x0 = TLanes.Broadcast(a0), x1 = TLanes.Broadcast(a1), x2 = TLanes.Broadcast(a2), x3 = TLanes.Broadcast(a3);
                nint j = 0;
                for (; j < vectorEnd; j += w)
                {
                    TVector s = TLanes.Load(sums + j);
                    s = TLanes.MultiplyAdd(x0, TLanes.Load(bp + j), s);
                    s = TLanes.MultiplyAdd(x1, TLanes.Load(bp + ldb + j), s);
                    s = TLanes.MultiplyAdd(x2, TLanes.Load(bp + 2 * ldb + j), s);
                    s = TLanes.MultiplyAdd(x3, TLanes.Load(bp + 3 * ldb + j), s);
                    TLanes.Store(s, sums + j);
                }
                for (; j < width; j++)
                {
                    T s = T.FusedMultiplyAdd(a0, bp[j], sums[j]);
                    s = T.FusedMultiplyAdd(a1, bp[ldb + j], s);
                    s = T.FusedMultiplyAdd(a2, bp[2 * ldb + j], s);
                    sums[j] = T.FusedMultiplyAdd(a3, bp[3 * ldb + j], s);
                }
            }
            for (; p < k; p++, bp += ldb)
            {
                T a0 = a[p * aCol];
                TVector x0 = TLanes.Broadcast(a0);
                nint j = 0;
                for (; j < vectorEnd; j += w)
                    TLanes.Store(TLanes.MultiplyAdd(x0, TLanes.Load(bp + j), TLanes.Load(sums + j)), sums + j);
                for (; j < width; j++)
                    sums[j] = T.FusedMultiplyAdd(a0, bp[j], sums[j]);
            }
            // The tile kernels' store: α·sum, plus β·C unless β is zero.
            T* cp = c + j0;
            nint q = 0;
            for (; q < vectorEnd; q += w)
                StoreRow<T, TLanes, TVector>(cp + q, TLanes.Multiply(TLanes.Load(sums + q), va), vb, betaZero);
            for (; q < width; q++)
                cp[q] = betaZero ? sums[q] * alpha : sums[q] * alpha + beta * cp[q];
        }
    }
}
