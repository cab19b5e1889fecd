using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
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
    public static void Run<T, TLanes, TVector>(int rows, int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc,
        T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        switch (rows)
        {
            case 1: RunTile<T, TLanes, TVector, OneRow>(cols, k, a, aRow, aCol, b, ldb, c, ldc, alpha, beta); break;
            case 2: RunTile<T, TLanes, TVector, TwoRows>(cols, k, a, aRow, aCol, b, ldb, c, ldc, alpha, beta); break;
            case 3: RunTile<T, TLanes, TVector, ThreeRows>(cols, k, a, aRow, aCol, b, ldb, c, ldc, alpha, beta); break;
            default: RunTile<T, TLanes, TVector, FourRows>(cols, k, a, aRow, aCol, b, ldb, c, ldc, alpha, beta); break;
        }
    }

    /// <summary>
    /// <see cref="Run{T, TLanes, TVector}"/> for <typeparamref name="THeight"/> rows, a constant of each copy: a row
    /// past the height costs nothing, where a runtime count computed all four and stored some (3 samples through the
    /// 784-256-128-10 MLP: 14.2 µs against 18.8 with 512-bit FMAs, which one core issues one a cycle).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunTile<T, TLanes, TVector, THeight>(int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc,
        T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        where THeight : struct, ITileHeight
    {
        nint w = TLanes.Count;
        TVector va = TLanes.Broadcast(alpha);
        TVector vb = TLanes.Broadcast(beta);
        bool betaZero = GemmMicroKernels.IsZero(beta);
        int j = 0;
        for (; j + 2 * w <= cols; j += (int)(2 * w))
            TileColumns<T, TLanes, TVector, THeight, WholeVectors>(k, a, aRow, aCol, b + j, ldb, c + j, ldc, va, vb, betaZero, (int)(2 * w));
        if (j < cols)
            TileColumns<T, TLanes, TVector, THeight, FirstLanesOnly>(k, a, aRow, aCol, b + j, ldb, c + j, ldc, va, vb, betaZero, cols - j);
    }

    // Two vectors of columns of the tile: whole ones, or the first `columns` lanes at the end of a row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileColumns<T, TLanes, TVector, THeight, TColumns>(int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc,
        TVector va, TVector vb, bool betaZero, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        where THeight : struct, ITileHeight
        where TColumns : struct, ITileColumns
    {
        nint w = TLanes.Count;
        int rows = THeight.Rows;
        bool masked = TColumns.Masked;
        TVector m0 = masked ? TLanes.FirstLanes(columns, 0) : default, m1 = masked ? TLanes.FirstLanes(columns, (int)w) : default;
        TVector s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
        T* bp = b;
        T* p0 = a, p1 = a + aRow, p2 = a + 2 * aRow, p3 = a + 3 * aRow;
        for (int p = 0; p < k; p++)
        {
            TVector b0 = masked ? TLanes.LoadMasked(bp, m0) : TLanes.Load(bp);
            TVector b1 = masked ? TLanes.LoadMasked(bp + w, m1) : TLanes.Load(bp + w);
            TVector x0 = TLanes.Broadcast(*p0);
            s00 = TLanes.MultiplyAdd(x0, b0, s00); s01 = TLanes.MultiplyAdd(x0, b1, s01);
            if (rows > 1)
            {
                TVector x1 = TLanes.Broadcast(*p1);
                s10 = TLanes.MultiplyAdd(x1, b0, s10); s11 = TLanes.MultiplyAdd(x1, b1, s11);
            }
            if (rows > 2)
            {
                TVector x2 = TLanes.Broadcast(*p2);
                s20 = TLanes.MultiplyAdd(x2, b0, s20); s21 = TLanes.MultiplyAdd(x2, b1, s21);
            }
            if (rows > 3)
            {
                TVector x3 = TLanes.Broadcast(*p3);
                s30 = TLanes.MultiplyAdd(x3, b0, s30); s31 = TLanes.MultiplyAdd(x3, b1, s31);
            }
            p0 += aCol; p1 += aCol; p2 += aCol; p3 += aCol;
            bp += ldb;
        }
        StoreTwo<T, TLanes, TVector, TColumns>(c, w, s00, s01, va, vb, betaZero, m0, m1);
        if (rows > 1) StoreTwo<T, TLanes, TVector, TColumns>(c + ldc, w, s10, s11, va, vb, betaZero, m0, m1);
        if (rows > 2) StoreTwo<T, TLanes, TVector, TColumns>(c + 2 * ldc, w, s20, s21, va, vb, betaZero, m0, m1);
        if (rows > 3) StoreTwo<T, TLanes, TVector, TColumns>(c + 3 * ldc, w, s30, s31, va, vb, betaZero, m0, m1);
    }

    // One row of the tile into C: α·sum, plus β·C unless β is zero, in the lanes TColumns stores.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTwo<T, TLanes, TVector, TColumns>(T* c, nint w, TVector s0, TVector s1, TVector va, TVector vb, bool betaZero,
        TVector m0, TVector m1)
        where T : unmanaged
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        where TColumns : struct, ITileColumns
    {
        if (TColumns.Masked)
        {
            StoreMasked<T, TLanes, TVector>(c, TLanes.Multiply(s0, va), vb, betaZero, m0);
            StoreMasked<T, TLanes, TVector>(c + w, TLanes.Multiply(s1, va), vb, betaZero, m1);
        }
        else
        {
            StoreRow<T, TLanes, TVector>(c, TLanes.Multiply(s0, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + w, TLanes.Multiply(s1, va), vb, betaZero);
        }
    }

    /// <summary>
    /// Whether <see cref="RunFewRows{T, TLanes, TVector}"/> takes a product of <paramref name="rows"/> rows against a
    /// B of <paramref name="k"/> rows of stride <paramref name="ldb"/>: one or two rows always (a GEMV, or two of them
    /// sharing B's loads), a few rows when B comes from memory.
    /// </summary>
    public static bool TakesFewRows<T>(int rows, int k, nint ldb) where T : unmanaged =>
        rows <= 2 || (rows <= StreamingMaxRows && StreamsB<T>(k, ldb));

    /// <summary>
    /// C[rows×cols] = α·A·B + β·C for the products <see cref="TakesFewRows{T}"/> accepts (a GEMV against row-major B, as
    /// in predicting one sample, or a small batch through a large layer): by
    /// <see cref="RunRowsStreaming{T, TLanes, TVector}"/> when B comes from memory, else (one or two rows) by
    /// <see cref="RunRowsInRegisters{T, TLanes, TVector, TRows}"/>. Both compute each element as the FMA chain over k in
    /// order of <see cref="Run{T, TLanes, TVector}"/>, so the result does not depend on which ran.
    /// </summary>
    public static void RunFewRows<T, TLanes, TVector>(int rows, int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc,
        T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        if (StreamsB<T>(k, ldb))
            RunRowsStreaming<T, TLanes, TVector>(rows, cols, k, a, aRow, aCol, b, ldb, c, ldc, alpha, beta);
        else if (rows == 1)
            RunRowsInRegisters<T, TLanes, TVector, OneRow>(cols, k, a, aRow, aCol, b, ldb, c, ldc, alpha, beta);
        else
            RunRowsInRegisters<T, TLanes, TVector, TwoRows>(cols, k, a, aRow, aCol, b, ldb, c, ldc, alpha, beta);
    }

    // Whether B spans more than the caches comfortably hold, so that reading it in memory order wins.
    private static bool StreamsB<T>(int k, nint ldb) where T : unmanaged => BytesOfB<T>(k, ldb) > StreamingMinBytes;

    // Bytes B spans: k rows of stride ldb.
    private static long BytesOfB<T>(int k, nint ldb) where T : unmanaged => (long)k * ldb * sizeof(T);

    /// <summary>
    /// Whether a 512-bit kernel leaves <see cref="RunFewRows{T, TLanes, TVector}"/> to the 256-bit one: one row of A
    /// (a GEMV) against a B from L3, from <paramref name="b"/> with row stride <paramref name="ldb"/>, whose rows do not
    /// all start on a cache line. Each 512-bit load of such a row straddles two lines, a 256-bit one at most every other
    /// one, and from L3 a GEMV waits on those loads, not on FMAs (Zen 4, 1×3,072×500, rows of 2,000 bytes: 40.4 GFLOP/s
    /// against 38.3; 1×3,072×504: 41.7 against 40.1). On rows that start on lines 512 bits do as well or better
    /// (1×3,072×496: 42.4 against 41.8); from memory the wider loads keep more lines in flight and win (1×12,288×500:
    /// 15.3 against 10.5); and with more rows of A each load serves more FMAs (2×3,072×500: 67 against 62).
    /// </summary>
    public static bool PrefersHalfWidth<T>(int rows, int k, T* b, nint ldb) where T : unmanaged
    {
        // Every row starts on a line when the first one does and the stride is whole lines.
        bool rowsOnLines = (((nint)b | ldb * sizeof(T)) & (CacheLineArray.Alignment - 1)) == 0;
        return rows == 1 && StreamsB<T>(k, ldb) && BytesOfB<T>(k, ldb) <= HalfWidthMaxBytes && !rowsOnLines;
    }

    /// <summary>
    /// The largest B (bytes) <see cref="PrefersHalfWidth{T}"/> takes as coming from L3: a quarter of a Zen 4's 32 MiB,
    /// which the cores share (1×4,096×500, 8 MB: 40.2 against 38.1 GFLOP/s; 1×10,240×500, 20 MB: 16.5 against 20.2).
    /// </summary>
    private const long HalfWidthMaxBytes = 8 << 20;

    /// <summary>
    /// One or two rows (<typeparamref name="TRows"/>) with eight vector sums in registers a pass: one row takes 8
    /// vectors of columns, so that 8 independent FMA chains hide the FMA latency the 2-vector tile of
    /// <see cref="Run{T, TLanes, TVector}"/> would wait on; two rows take 4, each piece of B serving both, where that
    /// tile would also compute two rows it never stores (predicting 2 samples with the 784-256-128-10 MLP: 11.0 µs
    /// against 17.6 by the tile, with 9.0 to read the weights). The columns left over go to that tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRowsInRegisters<T, TLanes, TVector, TRows>(int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c,
        nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        where TRows : struct, ITileHeight
    {
        nint w = TLanes.Count;
        bool two = TRows.Rows == 2;
        // Sums 4–7 continue row 0's columns for one row, and are row 1's first four vectors for two.
        nint width = two ? 4 * w : 8 * w;
        T* c4 = two ? c + ldc : c + 4 * w;
        TVector va = TLanes.Broadcast(alpha);
        TVector vb = TLanes.Broadcast(beta);
        bool betaZero = GemmMicroKernels.IsZero(beta);
        int j = 0;
        for (; j + width <= cols; j += (int)width)
        {
            TVector s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            T* bp = b + j;
            T* ap = a;
            for (int p = 0; p < k; p++)
            {
                // Each load at its FMA, which takes it as a memory operand; row 1 takes the same vectors (the JIT loads each once).
                TVector x = TLanes.Broadcast(*ap);
                s0 = TLanes.MultiplyAdd(x, TLanes.Load(bp), s0);
                s1 = TLanes.MultiplyAdd(x, TLanes.Load(bp + w), s1);
                s2 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 2 * w), s2);
                s3 = TLanes.MultiplyAdd(x, TLanes.Load(bp + 3 * w), s3);
                TVector y = two ? TLanes.Broadcast(ap[aRow]) : x;
                T* bp4 = two ? bp : bp + 4 * w;
                s4 = TLanes.MultiplyAdd(y, TLanes.Load(bp4), s4);
                s5 = TLanes.MultiplyAdd(y, TLanes.Load(bp4 + w), s5);
                s6 = TLanes.MultiplyAdd(y, TLanes.Load(bp4 + 2 * w), s6);
                s7 = TLanes.MultiplyAdd(y, TLanes.Load(bp4 + 3 * w), s7);
                ap += aCol;
                bp += ldb;
            }
            StoreRow<T, TLanes, TVector>(c + j, TLanes.Multiply(s0, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + w, TLanes.Multiply(s1, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 2 * w, TLanes.Multiply(s2, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c + j + 3 * w, TLanes.Multiply(s3, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c4 + j, TLanes.Multiply(s4, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c4 + j + w, TLanes.Multiply(s5, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c4 + j + 2 * w, TLanes.Multiply(s6, va), vb, betaZero);
            StoreRow<T, TLanes, TVector>(c4 + j + 3 * w, TLanes.Multiply(s7, va), vb, betaZero);
        }
        if (j < cols)
            Run<T, TLanes, TVector>(two ? 2 : 1, cols - j, k, a, aRow, aCol, b + j, ldb, c + j, ldc, alpha, beta);
    }
    /// <summary>Bytes of sums a streaming pass keeps, for all its rows: half of a 32 KiB L1, the rest for B's rows.</summary>
    private const int StreamingSumBytes = 16 * 1024;

    /// <summary>The most rows <see cref="RunRowsStreaming{T, TLanes, TVector}"/> takes: their sums must share L1.</summary>
    private const int StreamingMaxRows = 16;

    /// <summary>
    /// B spanning more than this (bytes) goes to <see cref="RunRowsStreaming{T, TLanes, TVector}"/>: from memory,
    /// reading B in order wins; from L2, sums in registers do (256×128 took 1.9 µs against 3.0, 3,072×500 218 against
    /// 164; 784×256 was a draw).
    /// </summary>
    private const long StreamingMinBytes = 1 << 20;

    /// <summary>
    /// C[rows×cols] = α·A·B + β·C for a few rows (at most <see cref="StreamingMaxRows"/>) and a B that does not fit the
    /// caches: B is read row after row in memory order, eight rows a pass for one row of A and four for more, into
    /// strips of sums that stay in L1. The first row of A brings the pass's piece of B into L1 and the others read it
    /// there, two rows at a time so that each vector of B loaded serves two FMAs. Walking B by column strips reads each
    /// row in pieces a row stride apart, which the prefetchers and the TLB serve poorly from memory (3,072×500 ran at
    /// half OpenBLAS's). Each element is the same FMA chain over k in order as in <see cref="Run{T, TLanes, TVector}"/>,
    /// so the result is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRowsStreaming<T, TLanes, TVector>(int rows, int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc,
        T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        nint w = TLanes.Count;
        // Whole vectors of columns per strip, as many as the rows' sums leave room for.
        nint strip = Math.Max(w, StreamingSumBytes / sizeof(T) / rows / w * w);
        // The sums start on a cache line: each is loaded and stored once per pass, and with 512-bit vectors an
        // unaligned strip splits every one of those accesses across two lines.
        T* unaligned = stackalloc T[(int)(rows * strip) + CacheLineArray.Alignment / sizeof(T)];
        T* sums = CacheLineArray.FirstLine(unaligned);
        TVector va = TLanes.Broadcast(alpha);
        TVector vb = TLanes.Broadcast(beta);
        bool betaZero = GemmMicroKernels.IsZero(beta);
        for (int j0 = 0; j0 < cols; j0 += (int)strip)
        {
            int width = (int)Math.Min(strip, cols - j0);
            nint vectorEnd = width / w * w;
            for (int i = 0; i < rows; i++) new Span<T>(sums + i * strip, width).Clear();
            T* bp = b + j0;
            int p = 0;
            if (rows == 1)
                for (; p + 8 <= k; p += 8, bp += 8 * ldb)
                    AddEightRows<T, TLanes, TVector>(a + p * aCol, aCol, bp, ldb, sums, vectorEnd, width);
            for (; p + 4 <= k; p += 4, bp += 4 * ldb)
            {
                int i = 0;
                for (; i + 2 <= rows; i += 2)
                    AddFourRows<T, TLanes, TVector, TwoRows>(a + i * aRow + p * aCol, a + (i + 1) * aRow + p * aCol, aCol, bp, ldb,
                        sums + i * strip, sums + (i + 1) * strip, vectorEnd, width);
                if (i < rows)
                    AddFourRows<T, TLanes, TVector, OneRow>(a + i * aRow + p * aCol, null, aCol, bp, ldb, sums + i * strip, null, vectorEnd, width);
            }
            for (; p < k; p++, bp += ldb)
            {
                for (int i = 0; i < rows; i++)
                {
                    T ak = a[i * aRow + p * aCol];
                    TVector x = TLanes.Broadcast(ak);
                    T* si = sums + i * strip;
                    nint j = 0;
                    for (; j < vectorEnd; j += w)
                        TLanes.Store(TLanes.MultiplyAdd(x, TLanes.Load(bp + j), TLanes.Load(si + j)), si + j);
                    for (; j < width; j++)
                        si[j] = T.FusedMultiplyAdd(ak, bp[j], si[j]);
                }
            }
            // The tile kernels' store: α·sum, plus β·C unless β is zero.
            for (int i = 0; i < rows; i++)
            {
                T* cp = c + i * ldc + j0;
                T* si = sums + i * strip;
                nint q = 0;
                for (; q < vectorEnd; q += w)
                    StoreRow<T, TLanes, TVector>(cp + q, TLanes.Multiply(TLanes.Load(si + q), va), vb, betaZero);
                for (; q < width; q++)
                    cp[q] = betaZero ? si[q] * alpha : si[q] * alpha + beta * cp[q];
            }
        }
    }

    // sums0 (and sums1, unless null) += four rows of B times the four values of a row of A from a0 (a1), columns
    // [0, width): the FMAs of each element in order of B's rows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddFourRows<T, TLanes, TVector, TRows>(T* a0, T* a1, nint aCol, T* b, nint ldb, T* sums0, T* sums1, nint vectorEnd, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        where TRows : struct, ITileHeight
    {
        nint w = TLanes.Count;
        T* b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb;
        T p0 = a0[0], p1 = a0[aCol], p2 = a0[2 * aCol], p3 = a0[3 * aCol];
        TVector x0 = TLanes.Broadcast(p0), x1 = TLanes.Broadcast(p1), x2 = TLanes.Broadcast(p2), x3 = TLanes.Broadcast(p3);
        // A second row reuses every vector of B loaded for the first; the JIT drops its code where TRows has none.
        bool two = TRows.Rows == 2;
        T q0 = two ? a1![0] : T.Zero, q1 = two ? a1![aCol] : T.Zero, q2 = two ? a1![2 * aCol] : T.Zero, q3 = two ? a1![3 * aCol] : T.Zero;
        TVector y0 = TLanes.Broadcast(q0), y1 = TLanes.Broadcast(q1), y2 = TLanes.Broadcast(q2), y3 = TLanes.Broadcast(q3);
        nint t = width - w;
        bool overlapTail = OverlappingTail(width, vectorEnd, w);
        TVector tail0 = overlapTail ? TLanes.Load(sums0 + t) : default;
        TVector tail1 = overlapTail && two ? TLanes.Load(sums1 + t) : default;
        nint j = 0;
        for (; j < vectorEnd; j += w)
        {
            TVector v0 = TLanes.Load(b + j), v1 = TLanes.Load(b1 + j), v2 = TLanes.Load(b2 + j), v3 = TLanes.Load(b3 + j);
            TLanes.Store(FourTerms<T, TLanes, TVector>(TLanes.Load(sums0 + j), x0, x1, x2, x3, v0, v1, v2, v3), sums0 + j);
            if (two) TLanes.Store(FourTerms<T, TLanes, TVector>(TLanes.Load(sums1 + j), y0, y1, y2, y3, v0, v1, v2, v3), sums1 + j);
        }
        if (overlapTail)
        {
            TVector v0 = TLanes.Load(b + t), v1 = TLanes.Load(b1 + t), v2 = TLanes.Load(b2 + t), v3 = TLanes.Load(b3 + t);
            TLanes.Store(FourTerms<T, TLanes, TVector>(tail0, x0, x1, x2, x3, v0, v1, v2, v3), sums0 + t);
            if (two) TLanes.Store(FourTerms<T, TLanes, TVector>(tail1, y0, y1, y2, y3, v0, v1, v2, v3), sums1 + t);
            return;
        }
        for (; j < width; j++)
        {
            sums0[j] = FourTerms(sums0[j], p0, p1, p2, p3, b[j], b1[j], b2[j], b3[j]);
            if (two) sums1[j] = FourTerms(sums1[j], q0, q1, q2, q3, b[j], b1[j], b2[j], b3[j]);
        }
    }

    // sums += eight rows of B times the eight values of one row of A from a, columns [0, width), in order of B's rows.
    // One row of A has the registers for eight values, and a pass over eight rows of B loads and stores the sums half
    // as often as two passes over four (bench gemm, 1×4,096×1,024: 13.4 GFLOP/s against 8.4; 1×3,072×500: 24.6
    // against 22.1). Not inlined: inlined, the JIT spilled the eight broadcasts inside the loop.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void AddEightRows<T, TLanes, TVector>(T* a, nint aCol, T* b, nint ldb, T* sums, nint vectorEnd, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        nint w = TLanes.Count;
        T* b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb, b4 = b + 4 * ldb, b5 = b + 5 * ldb, b6 = b + 6 * ldb, b7 = b + 7 * ldb;
        TVector x0 = TLanes.Broadcast(a[0]), x1 = TLanes.Broadcast(a[aCol]), x2 = TLanes.Broadcast(a[2 * aCol]), x3 = TLanes.Broadcast(a[3 * aCol]);
        TVector x4 = TLanes.Broadcast(a[4 * aCol]), x5 = TLanes.Broadcast(a[5 * aCol]), x6 = TLanes.Broadcast(a[6 * aCol]), x7 = TLanes.Broadcast(a[7 * aCol]);
        if (Sse.IsSupported && width * sizeof(T) <= ShortRowBytes)
        {
            // The next pass's rows start where no prefetcher has been yet: ask for their first lines now. Short rows
            // gain (1×3,072×500: 27.8 GFLOP/s against 24.3); on long ones the hardware's streams run long anyway, and
            // 1×1,024×4,096 measured up to 15% slower with it.
            byte* next = (byte*)(b + 8 * ldb);
            for (int r = 0; r < 8; r++, next += ldb * sizeof(T))
            {
                Sse.Prefetch0(next);
                Sse.Prefetch0(next + 64);
            }
        }
        nint t = width - w;
        bool overlapTail = OverlappingTail(width, vectorEnd, w);
        TVector tailSums = overlapTail ? TLanes.Load(sums + t) : default;
        nint j = 0;
        for (; j < vectorEnd; j += w)
        {
            // Each row's load right at its FMA, which takes it as a memory operand: no register holds a row of B. Written
            // out, not as FourTerms: through it, the JIT spilled the broadcasts inside the loop.
            TVector sum = TLanes.Load(sums + j);
            sum = TLanes.MultiplyAdd(x0, TLanes.Load(b + j), sum);
            sum = TLanes.MultiplyAdd(x1, TLanes.Load(b1 + j), sum);
            sum = TLanes.MultiplyAdd(x2, TLanes.Load(b2 + j), sum);
            sum = TLanes.MultiplyAdd(x3, TLanes.Load(b3 + j), sum);
            sum = TLanes.MultiplyAdd(x4, TLanes.Load(b4 + j), sum);
            sum = TLanes.MultiplyAdd(x5, TLanes.Load(b5 + j), sum);
            sum = TLanes.MultiplyAdd(x6, TLanes.Load(b6 + j), sum);
            TLanes.Store(TLanes.MultiplyAdd(x7, TLanes.Load(b7 + j), sum), sums + j);
        }
        if (overlapTail)
        {
            TVector head = FourTerms<T, TLanes, TVector>(tailSums, x0, x1, x2, x3, TLanes.Load(b + t), TLanes.Load(b1 + t), TLanes.Load(b2 + t), TLanes.Load(b3 + t));
            TLanes.Store(FourTerms<T, TLanes, TVector>(head, x4, x5, x6, x7, TLanes.Load(b4 + t), TLanes.Load(b5 + t), TLanes.Load(b6 + t), TLanes.Load(b7 + t)), sums + t);
            return;
        }
        // A's values read again rather than kept: held across the loop, they would take registers the vectors need.
        for (; j < width; j++)
            sums[j] = FourTerms(FourTerms(sums[j], a[0], a[aCol], a[2 * aCol], a[3 * aCol], b[j], b1[j], b2[j], b3[j]),
                a[4 * aCol], a[5 * aCol], a[6 * aCol], a[7 * aCol], b4[j], b5[j], b6[j], b7[j]);
    }

    /// <summary>
    /// Whether the streaming passes end a row piece of <paramref name="width"/> columns, whose whole vectors end at
    /// <paramref name="vectorEnd"/>, on one more vector at width − w: the piece does not end on a whole vector and
    /// holds at least one. That vector overlaps the last whole one and starts from sums read before the loop changes
    /// them: the overlapped elements get the same FMA chain again, so the same bits. It replaces a scalar tail of 4 or
    /// 8 FMAs per column (1×3,072×500 with 512-bit vectors: 38.0 GFLOP/s against 35.9). Returned as a flag, not as the
    /// start: with the start's sign as the test, the JIT spilled AddEightRows' broadcasts inside its loop.
    /// </summary>
    private static bool OverlappingTail(int width, nint vectorEnd, nint w) => width > vectorEnd && width >= w;

    /// <summary>Longest row piece (bytes) for which <see cref="AddEightRows{T, TLanes, TVector}"/> prefetches the next pass's rows: a page.</summary>
    private const int ShortRowBytes = 4096;

    // Row counts as types (ITileHeight), so that each copy of a kernel drops the code of rows it does not have.
    private readonly struct OneRow : ITileHeight
    {
        public static int Rows => 1;
    }

    private readonly struct TwoRows : ITileHeight
    {
        public static int Rows => 2;
    }

    private readonly struct ThreeRows : ITileHeight
    {
        public static int Rows => 3;
    }

    private readonly struct FourRows : ITileHeight
    {
        public static int Rows => 4;
    }

    /// <summary>Whether the tile's columns end inside its two vectors, so that it loads and stores masked lanes.</summary>
    private interface ITileColumns
    {
        static abstract bool Masked { get; }
    }

    private readonly struct WholeVectors : ITileColumns
    {
        public static bool Masked => false;
    }

    private readonly struct FirstLanesOnly : ITileColumns
    {
        public static bool Masked => true;
    }

    // sum + a0·b0 + a1·b1 + a2·b2 + a3·b3, one FMA after the other.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector FourTerms<T, TLanes, TVector>(TVector sum, TVector a0, TVector a1, TVector a2, TVector a3, TVector b0, TVector b1, TVector b2, TVector b3)
        where T : unmanaged
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
        => TLanes.MultiplyAdd(a3, b3, TLanes.MultiplyAdd(a2, b2, TLanes.MultiplyAdd(a1, b1, TLanes.MultiplyAdd(a0, b0, sum))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T FourTerms<T>(T sum, T a0, T a1, T a2, T a3, T b0, T b1, T b2, T b3) where T : IFloatingPointIeee754<T>
        => T.FusedMultiplyAdd(a3, b3, T.FusedMultiplyAdd(a2, b2, T.FusedMultiplyAdd(a1, b1, T.FusedMultiplyAdd(a0, b0, sum))));
}
