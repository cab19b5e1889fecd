using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeNet.Kernels;

/// <summary>
/// Register-tiled GEMM micro-kernels: C[MR×NR] = α·Apanel·Bpanel + β·C. Each k step reads MR values of A and NR
/// contiguous values of B, <c>aStep</c> and <c>bStep</c> elements after the previous step's: packed panels (steps MR and
/// NR, 64-byte aligned) or, where the operand is already laid out that way, the operand itself (step = its leading
/// dimension). <c>TRows</c> places A's MR values: side by side (<see cref="ContiguousPanelRows"/>) or <c>aRow</c>
/// apart, for a row-major A read in place with step 1 (<see cref="StridedPanelRows"/>).
/// Accumulators are locals the JIT keeps in vector registers; there are no calls and no bounds checks inside the k
/// loop. β = 0 never reads C.
/// </summary>
internal static unsafe class GemmMicroKernels
{
    /// <summary>Rows of the AVX-512 tile: 12 rows × 2 vectors = 24 zmm accumulators + 2 B vectors + 1 broadcast of 32.</summary>
    public const int Mr512 = 12;

    /// <summary>Rows of the 256- and 128-bit tile (<see cref="KernelTile{T, THeight, TRows, TLanes, TVector}"/>).</summary>
    public const int MrTile = 6;

    /// <summary>Rows and columns of the scalar tile.</summary>
    public const int MrScalar = 4;

    /// <summary>AVX-512 tile: 12 rows × 2·Vector512&lt;T&gt;.Count columns (12×32 float, 12×16 double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel512<T, TRows>(int kc, T* a, nint aStep, nint aRow, T* b, nint bStep, T* c, nint ldc, T alpha, T beta) where T : unmanaged where TRows : struct, IPanelRows
    {
        nint w = Vector512<T>.Count;
        // Pull the C tile toward L1 while the k loop runs; its stores (and β reads) then hit.
        Sse.Prefetch0(c + 0 * ldc); Sse.Prefetch0(c + 0 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 1 * ldc); Sse.Prefetch0(c + 1 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 2 * ldc); Sse.Prefetch0(c + 2 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 3 * ldc); Sse.Prefetch0(c + 3 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 4 * ldc); Sse.Prefetch0(c + 4 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 5 * ldc); Sse.Prefetch0(c + 5 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 6 * ldc); Sse.Prefetch0(c + 6 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 7 * ldc); Sse.Prefetch0(c + 7 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 8 * ldc); Sse.Prefetch0(c + 8 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 9 * ldc); Sse.Prefetch0(c + 9 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 10 * ldc); Sse.Prefetch0(c + 10 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 11 * ldc); Sse.Prefetch0(c + 11 * ldc + 2 * w - 1);
        Vector512<T> c00 = default, c01 = default;
        Vector512<T> c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default;
        Vector512<T> c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default;
        Vector512<T> c70 = default, c71 = default;
        Vector512<T> c80 = default, c81 = default;
        Vector512<T> c90 = default, c91 = default;
        Vector512<T> c100 = default, c101 = default;
        Vector512<T> c110 = default, c111 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> a0 = Vector512.Create(a[TRows.Offset(0, aRow)]);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            Vector512<T> a1 = Vector512.Create(a[TRows.Offset(1, aRow)]);
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            Vector512<T> a2 = Vector512.Create(a[TRows.Offset(2, aRow)]);
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            Vector512<T> a3 = Vector512.Create(a[TRows.Offset(3, aRow)]);
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            Vector512<T> a4 = Vector512.Create(a[TRows.Offset(4, aRow)]);
            c40 = Fma(a4, b0, c40);
            c41 = Fma(a4, b1, c41);
            Vector512<T> a5 = Vector512.Create(a[TRows.Offset(5, aRow)]);
            c50 = Fma(a5, b0, c50);
            c51 = Fma(a5, b1, c51);
            Vector512<T> a6 = Vector512.Create(a[TRows.Offset(6, aRow)]);
            c60 = Fma(a6, b0, c60);
            c61 = Fma(a6, b1, c61);
            Vector512<T> a7 = Vector512.Create(a[TRows.Offset(7, aRow)]);
            c70 = Fma(a7, b0, c70);
            c71 = Fma(a7, b1, c71);
            Vector512<T> a8 = Vector512.Create(a[TRows.Offset(8, aRow)]);
            c80 = Fma(a8, b0, c80);
            c81 = Fma(a8, b1, c81);
            Vector512<T> a9 = Vector512.Create(a[TRows.Offset(9, aRow)]);
            c90 = Fma(a9, b0, c90);
            c91 = Fma(a9, b1, c91);
            Vector512<T> a10 = Vector512.Create(a[TRows.Offset(10, aRow)]);
            c100 = Fma(a10, b0, c100);
            c101 = Fma(a10, b1, c101);
            Vector512<T> a11 = Vector512.Create(a[TRows.Offset(11, aRow)]);
            c110 = Fma(a11, b0, c110);
            c111 = Fma(a11, b1, c111);
            a += aStep;
            b += bStep;
        }
        Vector512<T> va = Vector512.Create(alpha);
        if (IsZero(beta))
        {
            Vector512.Store(c00 * va, c + 0 * ldc); Vector512.Store(c01 * va, c + 0 * ldc + w);
            Vector512.Store(c10 * va, c + 1 * ldc); Vector512.Store(c11 * va, c + 1 * ldc + w);
            Vector512.Store(c20 * va, c + 2 * ldc); Vector512.Store(c21 * va, c + 2 * ldc + w);
            Vector512.Store(c30 * va, c + 3 * ldc); Vector512.Store(c31 * va, c + 3 * ldc + w);
            Vector512.Store(c40 * va, c + 4 * ldc); Vector512.Store(c41 * va, c + 4 * ldc + w);
            Vector512.Store(c50 * va, c + 5 * ldc); Vector512.Store(c51 * va, c + 5 * ldc + w);
            Vector512.Store(c60 * va, c + 6 * ldc); Vector512.Store(c61 * va, c + 6 * ldc + w);
            Vector512.Store(c70 * va, c + 7 * ldc); Vector512.Store(c71 * va, c + 7 * ldc + w);
            Vector512.Store(c80 * va, c + 8 * ldc); Vector512.Store(c81 * va, c + 8 * ldc + w);
            Vector512.Store(c90 * va, c + 9 * ldc); Vector512.Store(c91 * va, c + 9 * ldc + w);
            Vector512.Store(c100 * va, c + 10 * ldc); Vector512.Store(c101 * va, c + 10 * ldc + w);
            Vector512.Store(c110 * va, c + 11 * ldc); Vector512.Store(c111 * va, c + 11 * ldc + w);
        }
        else
        {
            Vector512<T> vb = Vector512.Create(beta);
            Merge(c + 0 * ldc, c00 * va, vb); Merge(c + 0 * ldc + w, c01 * va, vb);
            Merge(c + 1 * ldc, c10 * va, vb); Merge(c + 1 * ldc + w, c11 * va, vb);
            Merge(c + 2 * ldc, c20 * va, vb); Merge(c + 2 * ldc + w, c21 * va, vb);
            Merge(c + 3 * ldc, c30 * va, vb); Merge(c + 3 * ldc + w, c31 * va, vb);
            Merge(c + 4 * ldc, c40 * va, vb); Merge(c + 4 * ldc + w, c41 * va, vb);
            Merge(c + 5 * ldc, c50 * va, vb); Merge(c + 5 * ldc + w, c51 * va, vb);
            Merge(c + 6 * ldc, c60 * va, vb); Merge(c + 6 * ldc + w, c61 * va, vb);
            Merge(c + 7 * ldc, c70 * va, vb); Merge(c + 7 * ldc + w, c71 * va, vb);
            Merge(c + 8 * ldc, c80 * va, vb); Merge(c + 8 * ldc + w, c81 * va, vb);
            Merge(c + 9 * ldc, c90 * va, vb); Merge(c + 9 * ldc + w, c91 * va, vb);
            Merge(c + 10 * ldc, c100 * va, vb); Merge(c + 10 * ldc + w, c101 * va, vb);
            Merge(c + 11 * ldc, c110 * va, vb); Merge(c + 11 * ldc + w, c111 * va, vb);
        }
    }

    /// <summary>
    /// AVX-512 tile of the first 8 rows of a 12-row A panel × 2·Vector512&lt;T&gt;.Count
    /// columns: the row remainder of C (m mod 12) without multiplying the panel's zero padding. Each element is the same
    /// FMA chain as in <see cref="Kernel512{T, TRows}"/>, so results do not depend on which kernel computed them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel512Rows8<T, TRows>(int kc, T* a, nint aStep, nint aRow, T* b, nint bStep, T* c, nint ldc, T alpha, T beta) where T : unmanaged where TRows : struct, IPanelRows
    {
        nint w = Vector512<T>.Count;
        Sse.Prefetch0(c + 0 * ldc); Sse.Prefetch0(c + 0 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 1 * ldc); Sse.Prefetch0(c + 1 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 2 * ldc); Sse.Prefetch0(c + 2 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 3 * ldc); Sse.Prefetch0(c + 3 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 4 * ldc); Sse.Prefetch0(c + 4 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 5 * ldc); Sse.Prefetch0(c + 5 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 6 * ldc); Sse.Prefetch0(c + 6 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 7 * ldc); Sse.Prefetch0(c + 7 * ldc + 2 * w - 1);
        Vector512<T> c00 = default, c01 = default;
        Vector512<T> c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default;
        Vector512<T> c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default;
        Vector512<T> c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> a0 = Vector512.Create(a[TRows.Offset(0, aRow)]);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            Vector512<T> a1 = Vector512.Create(a[TRows.Offset(1, aRow)]);
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            Vector512<T> a2 = Vector512.Create(a[TRows.Offset(2, aRow)]);
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            Vector512<T> a3 = Vector512.Create(a[TRows.Offset(3, aRow)]);
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            Vector512<T> a4 = Vector512.Create(a[TRows.Offset(4, aRow)]);
            c40 = Fma(a4, b0, c40);
            c41 = Fma(a4, b1, c41);
            Vector512<T> a5 = Vector512.Create(a[TRows.Offset(5, aRow)]);
            c50 = Fma(a5, b0, c50);
            c51 = Fma(a5, b1, c51);
            Vector512<T> a6 = Vector512.Create(a[TRows.Offset(6, aRow)]);
            c60 = Fma(a6, b0, c60);
            c61 = Fma(a6, b1, c61);
            Vector512<T> a7 = Vector512.Create(a[TRows.Offset(7, aRow)]);
            c70 = Fma(a7, b0, c70);
            c71 = Fma(a7, b1, c71);
            a += aStep;
            b += bStep;
        }
        Vector512<T> va = Vector512.Create(alpha);
        if (IsZero(beta))
        {
            Vector512.Store(c00 * va, c + 0 * ldc); Vector512.Store(c01 * va, c + 0 * ldc + w);
            Vector512.Store(c10 * va, c + 1 * ldc); Vector512.Store(c11 * va, c + 1 * ldc + w);
            Vector512.Store(c20 * va, c + 2 * ldc); Vector512.Store(c21 * va, c + 2 * ldc + w);
            Vector512.Store(c30 * va, c + 3 * ldc); Vector512.Store(c31 * va, c + 3 * ldc + w);
            Vector512.Store(c40 * va, c + 4 * ldc); Vector512.Store(c41 * va, c + 4 * ldc + w);
            Vector512.Store(c50 * va, c + 5 * ldc); Vector512.Store(c51 * va, c + 5 * ldc + w);
            Vector512.Store(c60 * va, c + 6 * ldc); Vector512.Store(c61 * va, c + 6 * ldc + w);
            Vector512.Store(c70 * va, c + 7 * ldc); Vector512.Store(c71 * va, c + 7 * ldc + w);
        }
        else
        {
            Vector512<T> vb = Vector512.Create(beta);
            Merge(c + 0 * ldc, c00 * va, vb); Merge(c + 0 * ldc + w, c01 * va, vb);
            Merge(c + 1 * ldc, c10 * va, vb); Merge(c + 1 * ldc + w, c11 * va, vb);
            Merge(c + 2 * ldc, c20 * va, vb); Merge(c + 2 * ldc + w, c21 * va, vb);
            Merge(c + 3 * ldc, c30 * va, vb); Merge(c + 3 * ldc + w, c31 * va, vb);
            Merge(c + 4 * ldc, c40 * va, vb); Merge(c + 4 * ldc + w, c41 * va, vb);
            Merge(c + 5 * ldc, c50 * va, vb); Merge(c + 5 * ldc + w, c51 * va, vb);
            Merge(c + 6 * ldc, c60 * va, vb); Merge(c + 6 * ldc + w, c61 * va, vb);
            Merge(c + 7 * ldc, c70 * va, vb); Merge(c + 7 * ldc + w, c71 * va, vb);
        }
    }

    /// <summary>
    /// AVX-512 tile of the first 4 rows of a 12-row A panel × 2·Vector512&lt;T&gt;.Count
    /// columns: the row remainder of C (m mod 12) without multiplying the panel's zero padding. Each element is the same
    /// FMA chain as in <see cref="Kernel512{T, TRows}"/>, so results do not depend on which kernel computed them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel512Rows4<T, TRows>(int kc, T* a, nint aStep, nint aRow, T* b, nint bStep, T* c, nint ldc, T alpha, T beta) where T : unmanaged where TRows : struct, IPanelRows
    {
        nint w = Vector512<T>.Count;
        Sse.Prefetch0(c + 0 * ldc); Sse.Prefetch0(c + 0 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 1 * ldc); Sse.Prefetch0(c + 1 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 2 * ldc); Sse.Prefetch0(c + 2 * ldc + 2 * w - 1);
        Sse.Prefetch0(c + 3 * ldc); Sse.Prefetch0(c + 3 * ldc + 2 * w - 1);
        Vector512<T> c00 = default, c01 = default;
        Vector512<T> c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> a0 = Vector512.Create(a[TRows.Offset(0, aRow)]);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            Vector512<T> a1 = Vector512.Create(a[TRows.Offset(1, aRow)]);
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            Vector512<T> a2 = Vector512.Create(a[TRows.Offset(2, aRow)]);
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            Vector512<T> a3 = Vector512.Create(a[TRows.Offset(3, aRow)]);
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            a += aStep;
            b += bStep;
        }
        Vector512<T> va = Vector512.Create(alpha);
        if (IsZero(beta))
        {
            Vector512.Store(c00 * va, c + 0 * ldc); Vector512.Store(c01 * va, c + 0 * ldc + w);
            Vector512.Store(c10 * va, c + 1 * ldc); Vector512.Store(c11 * va, c + 1 * ldc + w);
            Vector512.Store(c20 * va, c + 2 * ldc); Vector512.Store(c21 * va, c + 2 * ldc + w);
            Vector512.Store(c30 * va, c + 3 * ldc); Vector512.Store(c31 * va, c + 3 * ldc + w);
        }
        else
        {
            Vector512<T> vb = Vector512.Create(beta);
            Merge(c + 0 * ldc, c00 * va, vb); Merge(c + 0 * ldc + w, c01 * va, vb);
            Merge(c + 1 * ldc, c10 * va, vb); Merge(c + 1 * ldc + w, c11 * va, vb);
            Merge(c + 2 * ldc, c20 * va, vb); Merge(c + 2 * ldc + w, c21 * va, vb);
            Merge(c + 3 * ldc, c30 * va, vb); Merge(c + 3 * ldc + w, c31 * va, vb);
        }
    }

    /// <summary>
    /// Tile of 12 rows × one vector: the column remainder of C when it fits in half an AVX-512 tile
    /// (<see cref="VectorLanes512{T}"/>, 12×16 float) or a quarter (<see cref="VectorLanes256{T}"/>, 12×8 float, whose
    /// FMAs cost half as much on Zen 4). n = 100 is 3·32 + 4: the full kernel would compute the last panel 32 wide, this
    /// one 8 wide. Only the first <paramref name="cols"/> columns of B and C are read or written, so both are used in
    /// place (B rows <paramref name="bStep"/> apart) with no packed copy and no edge buffer. Same FMA chain per element as
    /// <see cref="Kernel512{T, TRows}"/>, so a value does not depend on the panel it falls in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelOneVector<T, TRows, TLanes, TVector>(int kc, T* a, nint aStep, nint aRow, T* b, nint bStep, int cols, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged
        where TRows : struct, IPanelRows
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        TVector c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        // Masked loads and stores touch only the first `cols` columns, so B and C are read and written in place even
        // when the panel is the last, partial one; a masked load costs no more than a plain one.
        TVector mask = TLanes.FirstLanes(cols, 0);
        for (int p = 0; p < kc; p++)
        {
            TVector b0 = TLanes.LoadMasked(b, mask);
            c0 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(0, aRow)]), b0, c0);
            c1 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(1, aRow)]), b0, c1);
            c2 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(2, aRow)]), b0, c2);
            c3 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(3, aRow)]), b0, c3);
            c4 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(4, aRow)]), b0, c4);
            c5 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(5, aRow)]), b0, c5);
            c6 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(6, aRow)]), b0, c6);
            c7 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(7, aRow)]), b0, c7);
            c8 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(8, aRow)]), b0, c8);
            c9 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(9, aRow)]), b0, c9);
            c10 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(10, aRow)]), b0, c10);
            c11 = TLanes.MultiplyAdd(TLanes.Broadcast(a[TRows.Offset(11, aRow)]), b0, c11);
            a += aStep;
            b += bStep;
        }
        TVector va = TLanes.Broadcast(alpha);
        bool betaZero = IsZero(beta);
        TVector vb = TLanes.Broadcast(beta);
        StoreMasked<T, TLanes, TVector>(c + 0 * ldc, TLanes.Multiply(c0, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 1 * ldc, TLanes.Multiply(c1, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 2 * ldc, TLanes.Multiply(c2, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 3 * ldc, TLanes.Multiply(c3, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 4 * ldc, TLanes.Multiply(c4, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 5 * ldc, TLanes.Multiply(c5, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 6 * ldc, TLanes.Multiply(c6, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 7 * ldc, TLanes.Multiply(c7, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 8 * ldc, TLanes.Multiply(c8, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 9 * ldc, TLanes.Multiply(c9, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 10 * ldc, TLanes.Multiply(c10, va), vb, betaZero, mask);
        StoreMasked<T, TLanes, TVector>(c + 11 * ldc, TLanes.Multiply(c11, va), vb, betaZero, mask);
    }

    /// <summary>Most columns of C <see cref="KernelColumns"/> computes.</summary>
    public const int KernelColumnsWidth = 4;

    /// <summary>Most 12-row panels <see cref="KernelColumns"/> computes in one call.</summary>
    public const int KernelColumnsPanels = 4;

    /// <summary>
    /// The last ≤ 4 columns of C for up to 4 float panels of 12 rows at once, with the rows in the lanes: per k step 4
    /// vectors of A and 4 broadcasts of B feed 16 FMAs of 12 useful lanes, against the 12 Vector256 FMAs (4 useful lanes
    /// of 8) and 13 loads per panel of <see cref="KernelOneVector{T, TRows, TLanes, TVector}"/>, which ran at a half to a
    /// third of its FMA rate there (8 to 13 cycles per k step for 6 cycles of FMAs). Panel q's 12 values of a k step are
    /// contiguous at <paramref name="a"/> + q·<paramref name="panelStride"/> (packed panels, or Aᵀ read in place); B's
    /// columns are broadcast from <paramref name="b"/> + j, rows <paramref name="bStep"/> apart, and only the first
    /// <paramref name="cols"/> columns and <paramref name="rows"/> rows are read or written. Same FMA chain per element
    /// as the other kernels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelColumns(int kc, float* a, nint aStep, nint panelStride, int panels, float* b, nint bStep, int cols,
        float* c, nint ldc, int rows, float alpha, float beta)
    {
        Vector512<float> panelRows = VectorLanes512<float>.FirstLanes(Mr512, 0);
        // Panels and columns past the real ones repeat the last real one, so every load stays inside A and B; their sums
        // are dropped.
        nint a1 = panels > 1 ? panelStride : 0, a2 = panels > 2 ? 2 * panelStride : a1, a3 = panels > 3 ? 3 * panelStride : a2;
        nint b1 = Math.Min(1, cols - 1), b2 = Math.Min(2, cols - 1), b3 = Math.Min(3, cols - 1);
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> x0 = Avx512F.MaskLoad(a, panelRows, Vector512<float>.Zero);
            Vector512<float> x1 = Avx512F.MaskLoad(a + a1, panelRows, Vector512<float>.Zero);
            Vector512<float> x2 = Avx512F.MaskLoad(a + a2, panelRows, Vector512<float>.Zero);
            Vector512<float> x3 = Avx512F.MaskLoad(a + a3, panelRows, Vector512<float>.Zero);
            Vector512<float> y = Vector512.Create(b[0]);
            c00 = Vector512.FusedMultiplyAdd(x0, y, c00); c10 = Vector512.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector512.FusedMultiplyAdd(x2, y, c20); c30 = Vector512.FusedMultiplyAdd(x3, y, c30);
            y = Vector512.Create(b[b1]);
            c01 = Vector512.FusedMultiplyAdd(x0, y, c01); c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
            c21 = Vector512.FusedMultiplyAdd(x2, y, c21); c31 = Vector512.FusedMultiplyAdd(x3, y, c31);
            y = Vector512.Create(b[b2]);
            c02 = Vector512.FusedMultiplyAdd(x0, y, c02); c12 = Vector512.FusedMultiplyAdd(x1, y, c12);
            c22 = Vector512.FusedMultiplyAdd(x2, y, c22); c32 = Vector512.FusedMultiplyAdd(x3, y, c32);
            y = Vector512.Create(b[b3]);
            c03 = Vector512.FusedMultiplyAdd(x0, y, c03); c13 = Vector512.FusedMultiplyAdd(x1, y, c13);
            c23 = Vector512.FusedMultiplyAdd(x2, y, c23); c33 = Vector512.FusedMultiplyAdd(x3, y, c33);
            a += aStep;
            b += bStep;
        }
        Vector512<float> va = Vector512.Create(alpha);
        Vector128<float> columns = VectorLanes256<float>.FirstLanes(cols, 0).GetLower();
        StorePanelColumns(c, ldc, Math.Min(rows, Mr512), columns, c00 * va, c01 * va, c02 * va, c03 * va, beta);
        StorePanelColumns(c + Mr512 * ldc, ldc, Math.Min(rows - Mr512, Mr512), columns, c10 * va, c11 * va, c12 * va, c13 * va, beta);
        StorePanelColumns(c + 2 * Mr512 * ldc, ldc, Math.Min(rows - 2 * Mr512, Mr512), columns, c20 * va, c21 * va, c22 * va, c23 * va, beta);
        StorePanelColumns(c + 3 * Mr512 * ldc, ldc, Math.Min(rows - 3 * Mr512, Mr512), columns, c30 * va, c31 * va, c32 * va, c33 * va, beta);
    }

    // Rows [0, rows) of one panel's ≤ 4 columns, held as 4 column vectors (rows in the lanes): each group of 4 rows is a
    // 4×4 transpose into 4 row vectors, stored (merged with β·C as the vector kernels do) under the column mask.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePanelColumns(float* c, nint ldc, int rows, Vector128<float> columns, Vector512<float> t0,
        Vector512<float> t1, Vector512<float> t2, Vector512<float> t3, float beta)
    {
        for (int g = 0; g < rows; g += 4)
        {
            Vector128<float> x0 = ExtractQuarter(t0, g), x1 = ExtractQuarter(t1, g), x2 = ExtractQuarter(t2, g), x3 = ExtractQuarter(t3, g);
            Vector128<float> u0 = Sse.UnpackLow(x0, x1), u1 = Sse.UnpackHigh(x0, x1), u2 = Sse.UnpackLow(x2, x3), u3 = Sse.UnpackHigh(x2, x3);
            StoreColumnsRow(c + g * ldc, Sse.MoveLowToHigh(u0, u2), columns, beta);
            if (g + 1 < rows)
                StoreColumnsRow(c + (g + 1) * ldc, Sse.MoveHighToLow(u2, u0), columns, beta);
            if (g + 2 < rows)
                StoreColumnsRow(c + (g + 2) * ldc, Sse.MoveLowToHigh(u1, u3), columns, beta);
            if (g + 3 < rows)
                StoreColumnsRow(c + (g + 3) * ldc, Sse.MoveHighToLow(u3, u1), columns, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExtractQuarter(Vector512<float> v, int rowGroup) => rowGroup switch
    {
        0 => v.GetLower().GetLower(),
        4 => v.GetLower().GetUpper(),
        _ => v.GetUpper().GetLower(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumnsRow(float* c, Vector128<float> t, Vector128<float> columns, float beta)
    {
        if (beta != 0f)
            t += Vector128.Create(beta) * Avx.MaskLoad(c, columns);
        Avx.MaskStore(c, columns, t);
    }

    // C = t, or t + β·C rounded as the other kernels' merge (the no-packing kernel stores its full vectors with it too).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreRow<T, TLanes, TVector>(T* c, TVector t, TVector beta, bool betaZero)
        where T : unmanaged
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        => TLanes.Store(betaZero ? t : TLanes.Merge(t, beta, TLanes.Load(c)), c);

    // StoreRow for the lanes set in mask only, reading and writing nothing past them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreMasked<T, TLanes, TVector>(T* c, TVector t, TVector beta, bool betaZero, TVector mask)
        where T : unmanaged
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        => TLanes.StoreMasked(betaZero ? t : TLanes.Merge(t, beta, TLanes.LoadMasked(c, mask)), c, mask);

    /// <summary>Rows a tile computes, a compile-time constant of each specialised copy of <see cref="KernelTile{T, THeight, TRows, TLanes, TVector}"/>.</summary>
    internal interface ITileHeight
    {
        /// <summary>Rows of the tile (at most <see cref="MrTile"/>).</summary>
        static abstract int Rows { get; }
    }

    /// <summary>The full tile: <see cref="MrTile"/> rows.</summary>
    internal readonly struct FullHeight : ITileHeight
    {
        public static int Rows => MrTile;
    }

    /// <summary>
    /// A remainder of at most 4 rows (m = 27 is 4·6 + 3), or half of the last 8 rows of 6j + 2 (m = 32 is 4·6 + 2·4):
    /// 4 rows × 2 vectors is bound by the FMA latency, not the FMA ports, and costs two thirds of a full tile's pass
    /// instead of a full one.
    /// </summary>
    internal readonly struct RemainderHeight : ITileHeight
    {
        public static int Rows => 4;
    }

    /// <summary>
    /// The tile of the 256- and 128-bit kernels: <typeparamref name="THeight"/> rows (6, or 4 for a remainder) × 2
    /// vectors (16 floats at 256 bits, 8 at 128), written once for both widths and heights: the JIT drops the rows a
    /// height does not have. 12 accumulators + 2 B vectors + 1 broadcast fit the 16 registers of AVX2 and SSE (NEON has
    /// 32). Every element is the same FMA chain whatever the height, so the bits do not depend on it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelTile<T, THeight, TRows, TLanes, TVector>(int kc, T* a, nint aStep, nint aRow, T* b, nint bStep, T* c, nint ldc,
        T alpha, T beta)
        where T : unmanaged
        where THeight : struct, ITileHeight
        where TRows : struct, IPanelRows
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        nint w = TLanes.Count;
        bool six = THeight.Rows > 4;
        if (Sse.IsSupported)
        {
            // Pull the C tile toward L1 while the k loop runs; its stores (and β reads) then hit.
            for (nint r = 0; r < THeight.Rows; r++)
            {
                Sse.Prefetch0(c + r * ldc);
                Sse.Prefetch0(c + r * ldc + 2 * w - 1);
            }
        }
        TVector c00 = default, c01 = default;
        TVector c10 = default, c11 = default;
        TVector c20 = default, c21 = default;
        TVector c30 = default, c31 = default;
        TVector c40 = default, c41 = default;
        TVector c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            TVector b0 = TLanes.Load(b);
            TVector b1 = TLanes.Load(b + w);
            TVector a0 = TLanes.Broadcast(a[TRows.Offset(0, aRow)]);
            c00 = TLanes.MultiplyAdd(a0, b0, c00);
            c01 = TLanes.MultiplyAdd(a0, b1, c01);
            TVector a1 = TLanes.Broadcast(a[TRows.Offset(1, aRow)]);
            c10 = TLanes.MultiplyAdd(a1, b0, c10);
            c11 = TLanes.MultiplyAdd(a1, b1, c11);
            TVector a2 = TLanes.Broadcast(a[TRows.Offset(2, aRow)]);
            c20 = TLanes.MultiplyAdd(a2, b0, c20);
            c21 = TLanes.MultiplyAdd(a2, b1, c21);
            TVector a3 = TLanes.Broadcast(a[TRows.Offset(3, aRow)]);
            c30 = TLanes.MultiplyAdd(a3, b0, c30);
            c31 = TLanes.MultiplyAdd(a3, b1, c31);
            if (six)
            {
                TVector a4 = TLanes.Broadcast(a[TRows.Offset(4, aRow)]);
                c40 = TLanes.MultiplyAdd(a4, b0, c40);
                c41 = TLanes.MultiplyAdd(a4, b1, c41);
                TVector a5 = TLanes.Broadcast(a[TRows.Offset(5, aRow)]);
                c50 = TLanes.MultiplyAdd(a5, b0, c50);
                c51 = TLanes.MultiplyAdd(a5, b1, c51);
            }
            a += aStep;
            b += bStep;
        }
        TVector va = TLanes.Broadcast(alpha);
        TVector vb = TLanes.Broadcast(beta);
        bool betaZero = IsZero(beta);
        StoreRow<T, TLanes, TVector>(c + 0 * ldc, TLanes.Multiply(c00, va), vb, betaZero);
        StoreRow<T, TLanes, TVector>(c + 0 * ldc + w, TLanes.Multiply(c01, va), vb, betaZero);
        StoreRow<T, TLanes, TVector>(c + 1 * ldc, TLanes.Multiply(c10, va), vb, betaZero);
        StoreRow<T, TLanes, TVector>(c + 1 * ldc + w, TLanes.Multiply(c11, va), vb, betaZero);
        StoreRow<T, TLanes, TVector>(c + 2 * ldc, TLanes.Multiply(c20, va), vb, betaZero);
        StoreRow<T, TLanes, TVector>(c + 2 * ldc + w, TLanes.Multiply(c21, va), vb, betaZero);
        StoreRow<T, TLanes, TVector>(c + 3 * ldc, TLanes.Multiply(c30, va), vb, betaZero);
        StoreRow<T, TLanes, TVector>(c + 3 * ldc + w, TLanes.Multiply(c31, va), vb, betaZero);
        if (six)
        {
            StoreRow<T, TLanes, TVector>(c + 4 * ldc, TLanes.Multiply(c40, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + 4 * ldc + w, TLanes.Multiply(c41, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + 5 * ldc, TLanes.Multiply(c50, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + 5 * ldc + w, TLanes.Multiply(c51, va), vb, betaZero);
        }
    }

    /// <summary>Portable 4×4 scalar tile: C[4×4] = α·A·B + β·C (A: 4 per k step, B: 4 per k step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void KernelScalar<T, TRows>(int kc, T* a, nint aStep, nint aRow, T* b, nint bStep, T* c, nint ldc, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T> where TRows : struct, IPanelRows
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T a0 = a[TRows.Offset(0, aRow)];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            T a1 = a[TRows.Offset(1, aRow)];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            T a2 = a[TRows.Offset(2, aRow)];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            T a3 = a[TRows.Offset(3, aRow)];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += aStep;
            b += bStep;
        }
        bool betaZero = IsZero(beta);
        c[0 * ldc + 0] = betaZero ? alpha * c00 : alpha * c00 + beta * c[0 * ldc + 0];
        c[0 * ldc + 1] = betaZero ? alpha * c01 : alpha * c01 + beta * c[0 * ldc + 1];
        c[0 * ldc + 2] = betaZero ? alpha * c02 : alpha * c02 + beta * c[0 * ldc + 2];
        c[0 * ldc + 3] = betaZero ? alpha * c03 : alpha * c03 + beta * c[0 * ldc + 3];
        c[1 * ldc + 0] = betaZero ? alpha * c10 : alpha * c10 + beta * c[1 * ldc + 0];
        c[1 * ldc + 1] = betaZero ? alpha * c11 : alpha * c11 + beta * c[1 * ldc + 1];
        c[1 * ldc + 2] = betaZero ? alpha * c12 : alpha * c12 + beta * c[1 * ldc + 2];
        c[1 * ldc + 3] = betaZero ? alpha * c13 : alpha * c13 + beta * c[1 * ldc + 3];
        c[2 * ldc + 0] = betaZero ? alpha * c20 : alpha * c20 + beta * c[2 * ldc + 0];
        c[2 * ldc + 1] = betaZero ? alpha * c21 : alpha * c21 + beta * c[2 * ldc + 1];
        c[2 * ldc + 2] = betaZero ? alpha * c22 : alpha * c22 + beta * c[2 * ldc + 2];
        c[2 * ldc + 3] = betaZero ? alpha * c23 : alpha * c23 + beta * c[2 * ldc + 3];
        c[3 * ldc + 0] = betaZero ? alpha * c30 : alpha * c30 + beta * c[3 * ldc + 0];
        c[3 * ldc + 1] = betaZero ? alpha * c31 : alpha * c31 + beta * c[3 * ldc + 1];
        c[3 * ldc + 2] = betaZero ? alpha * c32 : alpha * c32 + beta * c[3 * ldc + 2];
        c[3 * ldc + 3] = betaZero ? alpha * c33 : alpha * c33 + beta * c[3 * ldc + 3];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    // C = t + β·C, rounded the same way as the scalar edge merge so a value never depends on its tile position.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge<T>(T* c, Vector512<T> t, Vector512<T> beta) where T : unmanaged
        => Vector512.Store(t + beta * Vector512.Load(c), c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsZero<T>(T value) where T : unmanaged
        => typeof(T) == typeof(float) ? Unsafe.As<T, float>(ref value) == 0f : Unsafe.As<T, double>(ref value) == 0d;
}
