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
    /// C[1×cols] = α·a·B + β·C for a single row (a GEMV against row-major B): 8 vectors of columns a pass, so that 8
    /// independent FMA chains hide the FMA latency the 2-vector tile of <see cref="Run{T, TLanes, TVector}"/> would
    /// wait on with one row; the columns left over go to that tile. Each element's FMA chain is the tile's, so the
    /// result does not depend on which of the two computed it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRow<T, TLanes, TVector>(int cols, int k, T* a, nint aCol, T* b, nint ldb, T* c, T alpha, T beta)
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
}
