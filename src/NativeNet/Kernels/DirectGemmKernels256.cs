using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeNet.Kernels;

/// <summary>
/// AVX2 kernel of the no-packing GEMM path for small and skinny products: reads op(A) in place through (row, column)
/// strides and op(B) in place as row-contiguous k×n, 4 rows × 2 vectors at a time; the column tail uses masked
/// loads/stores so nothing past the matrices is touched.
/// </summary>
internal static unsafe class DirectGemmKernels256
{
    /// <summary>C[rows×cols] = α·A·B + β·C with rows ≤ 4; element (r, p) of A at a + r·aRow + p·aCol; B row p at b + p·ldb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Direct256<T>(int rows, int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint w = Vector256<T>.Count;
        // Rows past the end reuse the last valid row's pointer: their lanes are computed and never stored.
        T* a0 = a;
        T* a1 = a + Math.Min(1, rows - 1) * aRow;
        T* a2 = a + Math.Min(2, rows - 1) * aRow;
        T* a3 = a + Math.Min(3, rows - 1) * aRow;
        Vector256<T> va = Vector256.Create(alpha);
        Vector256<T> vb = Vector256.Create(beta);
        bool betaZero = GemmMicroKernels.IsZero(beta);
        int j = 0;
        for (; j + 2 * w <= cols; j += (int)(2 * w))
        {
            {
                Vector256<T> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                T* bp = b + j;
                T* p0 = a0, p1 = a1, p2 = a2, p3 = a3;
                for (int p = 0; p < k; p++)
                {
                    Vector256<T> b0 = Vector256.Load(bp);
                    Vector256<T> b1 = Vector256.Load(bp + w);
                    Vector256<T> x0 = Vector256.Create(*p0);
                    s00 = Fma(x0, b0, s00); s01 = Fma(x0, b1, s01);
                    Vector256<T> x1 = Vector256.Create(*p1);
                    s10 = Fma(x1, b0, s10); s11 = Fma(x1, b1, s11);
                    Vector256<T> x2 = Vector256.Create(*p2);
                    s20 = Fma(x2, b0, s20); s21 = Fma(x2, b1, s21);
                    Vector256<T> x3 = Vector256.Create(*p3);
                    s30 = Fma(x3, b0, s30); s31 = Fma(x3, b1, s31);
                    p0 += aCol; p1 += aCol; p2 += aCol; p3 += aCol;
                    bp += ldb;
                }
                { Store(c + 0 * ldc + j, s00 * va, vb, betaZero); Store(c + 0 * ldc + j + w, s01 * va, vb, betaZero); }
                if (rows > 1) { Store(c + 1 * ldc + j, s10 * va, vb, betaZero); Store(c + 1 * ldc + j + w, s11 * va, vb, betaZero); }
                if (rows > 2) { Store(c + 2 * ldc + j, s20 * va, vb, betaZero); Store(c + 2 * ldc + j + w, s21 * va, vb, betaZero); }
                if (rows > 3) { Store(c + 3 * ldc + j, s30 * va, vb, betaZero); Store(c + 3 * ldc + j + w, s31 * va, vb, betaZero); }
            }
        }
        if (j < cols)
        {
            T rem = T.CreateTruncating(cols - j);
            Vector256<T> m0 = Vector256.LessThan(Vector256<T>.Indices, Vector256.Create(rem));
            Vector256<T> m1 = Vector256.LessThan(Vector256<T>.Indices + Vector256.Create(T.CreateTruncating(w)), Vector256.Create(rem));
            {
                Vector256<T> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                T* bp = b + j;
                T* p0 = a0, p1 = a1, p2 = a2, p3 = a3;
                for (int p = 0; p < k; p++)
                {
                    Vector256<T> b0 = LoadMasked(bp, m0);
                    Vector256<T> b1 = LoadMasked(bp + w, m1);
                    Vector256<T> x0 = Vector256.Create(*p0);
                    s00 = Fma(x0, b0, s00); s01 = Fma(x0, b1, s01);
                    Vector256<T> x1 = Vector256.Create(*p1);
                    s10 = Fma(x1, b0, s10); s11 = Fma(x1, b1, s11);
                    Vector256<T> x2 = Vector256.Create(*p2);
                    s20 = Fma(x2, b0, s20); s21 = Fma(x2, b1, s21);
                    Vector256<T> x3 = Vector256.Create(*p3);
                    s30 = Fma(x3, b0, s30); s31 = Fma(x3, b1, s31);
                    p0 += aCol; p1 += aCol; p2 += aCol; p3 += aCol;
                    bp += ldb;
                }
                { StoreMasked(c + 0 * ldc + j, s00 * va, vb, betaZero, m0); StoreMasked(c + 0 * ldc + j + w, s01 * va, vb, betaZero, m1); }
                if (rows > 1) { StoreMasked(c + 1 * ldc + j, s10 * va, vb, betaZero, m0); StoreMasked(c + 1 * ldc + j + w, s11 * va, vb, betaZero, m1); }
                if (rows > 2) { StoreMasked(c + 2 * ldc + j, s20 * va, vb, betaZero, m0); StoreMasked(c + 2 * ldc + j + w, s21 * va, vb, betaZero, m1); }
                if (rows > 3) { StoreMasked(c + 3 * ldc + j, s30 * va, vb, betaZero, m0); StoreMasked(c + 3 * ldc + j + w, s31 * va, vb, betaZero, m1); }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* c, Vector256<T> t, Vector256<T> beta, bool betaZero) where T : unmanaged
        => Vector256.Store(betaZero ? t : t + beta * Vector256.Load(c), c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMasked<T>(T* c, Vector256<T> t, Vector256<T> beta, bool betaZero, Vector256<T> mask) where T : unmanaged
    {
        Vector256<T> v = betaZero ? t : t + beta * LoadMasked(c, mask);
        if (typeof(T) == typeof(float))
            Avx.MaskStore((float*)c, mask.AsSingle(), v.AsSingle());
        else
            Avx.MaskStore((double*)c, mask.AsDouble(), v.AsDouble());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> LoadMasked<T>(T* p, Vector256<T> mask) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }
}
