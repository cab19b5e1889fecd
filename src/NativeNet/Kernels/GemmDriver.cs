using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeNet.Kernels;

/// <summary>
/// The GEMM algorithm behind <see cref="Gemm"/>: validation-free, on raw pointers. Small and skinny products run the
/// no-packing path; larger ones pack A and B into aligned panels (zero-padded to whole MR/NR tiles) and run the
/// register-tiled micro-kernel over a fixed grid of C blocks that depends only on the shape, never on the thread
/// count, so every element accumulates k in the same order whoever computes it.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>
    /// Row/column chunk of the no-packing path's partition (multiples of every kernel's tile). The few-rows kernel
    /// takes wider column chunks, one per thread.
    /// </summary>
    private const int SmallRowChunk = 64, SmallColumnChunk = 256;

    /// <summary>
    /// Columns a few-rows chunk is a multiple of: whole vectors of every width and whole cache lines, so that only the
    /// last chunk has a scalar tail and no two threads write one line of C.
    /// </summary>
    private const int FewRowsColumnAlignment = 64;

    /// <summary>
    /// Blocks of C the packed path aims for, so a few threads can balance. Blocks are 2·NR wide or more (each block
    /// re-reads the A block) unless that leaves fewer than <see cref="MinBlocks"/>: n = 200 is then 7 blocks of 32
    /// columns instead of 64 + 64 + 64 + 8.
    /// </summary>
    private const int TargetBlocks = 24, MinBlocks = 8;

    /// <summary>Widest row stride (bytes) at which B's panels are read in place rather than packed.</summary>
    private const int InPlaceMaxRowBytes = 1024;

    /// <summary>MR-row panels of A per packing task: the packing phase runs in parallel even when m is one row block.</summary>
    private const int PanelsPerPackTask = 4;

    // packedB: B (untransposed) already in the packed path's panel layout, read instead of B when the call takes that
    // path with the layout's kernel and k blocks; the small path and any other kernel read B itself. The bits are the
    // same either way: only where B's values come from changes.
    public static void Run<T, TEpilogue>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda,
        T* b, nint ldb, T beta, T* c, nint ldc, ref TEpilogue epilogue, PackedMatrix<T>? packedB = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        if (m == 0 || n == 0)
            return;
        if (k == 0 || alpha == T.Zero)
        {
            ScaleC(m, n, beta, c, ldc);
            epilogue.Apply(ref *c, (int)ldc, 0, 0, m, n);
            return;
        }
        GemmKernelKind kind = GemmSettings.Kernel;
        long work = (long)m * n * k;
        int maxThreads = work >= GemmSettings.ParallelMinWork ? int.MaxValue : 1;
        if (work <= GemmSettings.SmallPathMaxWork || m <= GemmSettings.SmallPathMaxDim || n <= GemmSettings.SmallPathMaxDim)
            RunSmall(kind, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ref epilogue, maxThreads);
        else
            RunPacked(kind, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ref epilogue, maxThreads, packedB);
    }

    /// <summary>
    /// Packs B (k×n, row-major, untransposed) into <paramref name="dst"/> (<see cref="PackedLength{T}"/> values) as the
    /// packed path of <paramref name="kind"/> lays it out: per k block, NR-column panels of kc×NR, columns past n zero.
    /// </summary>
    /// <returns>The depth of the k blocks, kc.</returns>
    internal static int PackB<T>(GemmKernelKind kind, int n, int k, T* b, nint ldb, T* dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int mr, int nr) = TileOf<T>(kind);
        int kc = PackedDepth<T>(kind, k);
        var job = new PackedWork<T, NoGemmEpilogue<T>>
        {
            Kind = kind, N = n, K = k, Mr = mr, Nr = nr, Kc = kc, NPad = RoundUp(n, nr), BlockColumns = RoundUp(n, nr),
            BPackTasks = 1, B = b, Ldb = ldb, PackedB = dst, Packing = true,
        };
        for (int kb = 0; kb * kc < k; kb++)
            job.Execute(kb);
        return kc;
    }

    /// <summary>Values B (k×n) takes in the packed layout of <paramref name="kind"/>: n rounded up to whole panels, times k.</summary>
    internal static long PackedLength<T>(GemmKernelKind kind, int n, int k) where T : unmanaged
        => (long)RoundUp(n, TileOf<T>(kind).Nr) * k;

    /// <summary>The depth of the packed path's k blocks for a product of depth <paramref name="k"/>.</summary>
    internal static int PackedDepth<T>(GemmKernelKind kind, int k) where T : unmanaged
    {
        GemmBlocking blocking = GemmSettings.BlockingOverride ?? GemmSettings.DefaultBlocking(kind, sizeof(T));
        return KBlockDepth(k, Math.Max(1, blocking.Kc));
    }

    private static void ScaleC<T>(int m, int n, T beta, T* c, nint ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + i * ldc, n);
            if (beta == T.Zero)
                row.Clear();
            else if (beta != T.One)
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    // ---------------------------------------------------------------- no-packing path

    private static void RunSmall<T, TEpilogue>(GemmKernelKind kind, bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc, ref TEpilogue epilogue, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        if (transB)
        {
            // The kernel streams rows of op(B); a transposed B is copied once into row-major k×n scratch.
            T* bt = (T*)GemmScratch.Current.PackedB((nuint)((long)k * n * sizeof(T)));
            TransposeInto(b, ldb, n, k, bt);
            b = bt;
            ldb = n;
        }
        int columnChunk = SmallColumnChunk;
        if (m <= SmallRowChunk && TakesFewRows<T>(kind, m, k, ldb))
        {
            // The few-rows kernel reads B row after row: each thread takes one run of columns, as wide as it can, since
            // rows cut into pieces a row stride apart stream from memory at half the speed (1×3,072×500 at one
            // thread: 17.6 GFLOP/s in two chunks of 256 columns, 26 in one). Every element keeps its FMA chain, so the
            // bits do not depend on the thread count.
            int threads = Math.Max(1, Math.Min(maxThreads, Parallelism.ThreadCount));
            columnChunk = RoundUp((n + threads - 1) / threads, FewRowsColumnAlignment);
        }
        var job = new SmallWork<T, TEpilogue>
        {
            Kind = kind, M = m, N = n, K = k, Alpha = alpha, Beta = beta, A = a, ARow = transA ? 1 : lda, ACol = transA ? lda : 1,
            B = b, Ldb = ldb, C = c, Ldc = ldc, Epilogue = epilogue,
            ColumnChunk = columnChunk, ColumnChunks = (n + columnChunk - 1) / columnChunk,
        };
        int parts = (m + SmallRowChunk - 1) / SmallRowChunk * job.ColumnChunks;
        Parallelism.Run(ref job, parts, maxThreads);
        epilogue = job.Epilogue;
    }

    // Whether a chunk of `rows` rows goes to DirectGemmKernel's few-rows kernels, which the scalar kernel has none of.
    private static bool TakesFewRows<T>(GemmKernelKind kind, int rows, int k, nint ldb) where T : unmanaged =>
        kind != GemmKernelKind.Scalar && DirectGemmKernel.TakesFewRows<T>(rows, k, ldb);

    /// <summary>dst (cols×rows, row-major, ld = rows) = srcᵀ where src is rows×cols with row stride lds.</summary>
    private static void TransposeInto<T>(T* src, nint lds, int rows, int cols, T* dst) where T : unmanaged
        => MatrixTranspose.Run(src, lds, rows, cols, dst, rows);

    private struct SmallWork<T, TEpilogue> : IPartitionedWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        public GemmKernelKind Kind;
        public int M, N, K, ColumnChunk, ColumnChunks;
        public T Alpha, Beta;
        public T* A, B, C;
        public nint ARow, ACol, Ldb, Ldc;
        public TEpilogue Epilogue;

        public void Execute(int partition)
        {
            int r0 = partition / ColumnChunks * SmallRowChunk, c0 = partition % ColumnChunks * ColumnChunk;
            int r1 = Math.Min(M, r0 + SmallRowChunk), c1 = Math.Min(N, c0 + ColumnChunk);
            // Column strips outside, row groups inside: the k×strip slice of B stays in L2 while every row group
            // of the chunk passes over it.
            int strip = Kind switch
            {
                GemmKernelKind.Vector512 => 2 * Vector512<T>.Count,
                GemmKernelKind.Vector256 => 2 * Vector256<T>.Count,
                GemmKernelKind.Vector128 => 2 * Vector128<T>.Count,
                _ => 8,
            };
            if (TakesFewRows<T>(Kind, r1 - r0, K, Ldb))
                RunFewRows(r0, r1, c0, c1 - c0);
            else
                for (int j = c0; j < c1; j += strip)
                {
                    int cols = Math.Min(strip, c1 - j);
                    RunStrip(r0, r1, j, cols);
                }
            Epilogue.Apply(ref C[r0 * Ldc + c0], (int)Ldc, r0, c0, r1 - r0, c1 - c0);
        }

        // One row (a matrix-vector product, as in predicting one sample) or a few against a B from memory (a small
        // batch through a large layer): every column of the chunk in one call.
        private readonly void RunFewRows(int r0, int r1, int j, int cols)
        {
            T* a = A + r0 * ARow;
            T* c = C + r0 * Ldc + j;
            switch (Kind)
            {
                case GemmKernelKind.Vector512 when !DirectGemmKernel.PrefersHalfWidth(r1 - r0, K, B + j, Ldb):
                    DirectGemmKernel.RunFewRows<T, VectorLanes512<T>, Vector512<T>>(r1 - r0, cols, K, a, ARow, ACol, B + j, Ldb, c, Ldc, Alpha, Beta);
                    break;
                case GemmKernelKind.Vector512: // a GEMV the 256-bit loads read faster
                case GemmKernelKind.Vector256:
                    DirectGemmKernel.RunFewRows<T, VectorLanes256<T>, Vector256<T>>(r1 - r0, cols, K, a, ARow, ACol, B + j, Ldb, c, Ldc, Alpha, Beta);
                    break;
                default:
                    DirectGemmKernel.RunFewRows<T, VectorLanes128<T>, Vector128<T>>(r1 - r0, cols, K, a, ARow, ACol, B + j, Ldb, c, Ldc, Alpha, Beta);
                    break;
            }
        }

        private readonly void RunStrip(int r0, int r1, int j, int cols)
        {
            T* b = B + j;
            for (int i = r0; i < r1;)
            {
                int rows = GroupRows(r1 - i);
                T* a = A + i * ARow;
                T* c = C + i * Ldc + j;
                switch (Kind)
                {
                    case GemmKernelKind.Vector512:
                        DirectGemmKernel.Run<T, VectorLanes512<T>, Vector512<T>>(rows, cols, K, a, ARow, ACol, b, Ldb, c, Ldc, Alpha, Beta);
                        break;
                    case GemmKernelKind.Vector256:
                        DirectGemmKernel.Run<T, VectorLanes256<T>, Vector256<T>>(rows, cols, K, a, ARow, ACol, b, Ldb, c, Ldc, Alpha, Beta);
                        break;
                    case GemmKernelKind.Vector128:
                        DirectGemmKernel.Run<T, VectorLanes128<T>, Vector128<T>>(rows, cols, K, a, ARow, ACol, b, Ldb, c, Ldc, Alpha, Beta);
                        break;
                    default:
                        DirectScalar(rows, cols, K, a, ARow, ACol, b, Ldb, c, Ldc, Alpha, Beta);
                        break;
                }
                i += rows;
            }
        }
    }

    /// <summary>
    /// Rows of the next group of the small path's tiles when <paramref name="left"/> remain: four, but five go as three
    /// and two, since one row alone leaves the tile two FMA chains, half the issue rate of a core with one 512-bit FMA
    /// a cycle (5 samples through the 784-256-128-10 MLP: 24.0 µs against 26.5 as four and one).
    /// </summary>
    private static int GroupRows(int left) => left == 5 ? 3 : Math.Min(4, left);

    private static void DirectScalar<T>(int rows, int cols, int k, T* a, nint aRow, nint aCol, T* b, nint ldb, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool betaZero = beta == T.Zero;
        for (int r = 0; r < rows; r++)
        {
            T* ar = a + r * aRow;
            T* cr = c + r * ldc;
            for (int j = 0; j < cols; j++)
            {
                T sum = T.Zero;
                T* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb)
                    sum += ar[p * aCol] * *bp;
                cr[j] = betaZero ? alpha * sum : alpha * sum + beta * cr[j];
            }
        }
    }

    // ---------------------------------------------------------------- packed path

    private static (int Mr, int Nr) TileOf<T>(GemmKernelKind kind) where T : unmanaged => kind switch
    {
        GemmKernelKind.Vector512 => (GemmMicroKernels.Mr512, 2 * Vector512<T>.Count),
        GemmKernelKind.Vector256 => (GemmMicroKernels.MrTile, 2 * Vector256<T>.Count),
        GemmKernelKind.Vector128 => (GemmMicroKernels.MrTile, 2 * Vector128<T>.Count),
        _ => (GemmMicroKernels.MrScalar, GemmMicroKernels.MrScalar),
    };

    private static void RunPacked<T, TEpilogue>(GemmKernelKind kind, bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc, ref TEpilogue epilogue, int maxThreads, PackedMatrix<T>? packedB)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        (int mr, int nr) = TileOf<T>(kind);
        GemmBlocking blocking = GemmSettings.BlockingOverride ?? GemmSettings.DefaultBlocking(kind, sizeof(T));
        int mc = Math.Max(mr, blocking.Mc / mr * mr), nc = Math.Max(nr, blocking.Nc / nr * nr), kc = KBlockDepth(k, Math.Max(1, blocking.Kc));
        T* prepackedB = packedB is not null && !transB ? packedB.PanelsFor(kind, kc) : null;
        int mPad = RoundUp(m, mr), nPad = RoundUp(n, nr);

        // Fixed grid of C blocks from the shape alone: equal row blocks of at most MC rows, then enough column
        // blocks (at most NC wide) for about TargetBlocks blocks in all.
        int rowBlocks = (m + mc - 1) / mc;
        int blockRows = RoundUp((m + rowBlocks - 1) / rowBlocks, mr);
        rowBlocks = (m + blockRows - 1) / blockRows;
        int wanted = (TargetBlocks + rowBlocks - 1) / rowBlocks;
        int columnBlocks = Math.Min(wanted, (n + 2 * nr - 1) / (2 * nr));
        if (rowBlocks * columnBlocks < MinBlocks)
            columnBlocks = Math.Min(wanted, (n + nr - 1) / nr);
        columnBlocks = Math.Max((n + nc - 1) / nc, columnBlocks);
        int blockColumns = Math.Min(nc, RoundUp((n + columnBlocks - 1) / columnBlocks, nr));
        columnBlocks = (n + blockColumns - 1) / blockColumns;

        // A is read where it is, all but a partial last panel: rows of Aᵀ (k×m) hold MR contiguous values per k step,
        // and a row-major A is read along MR of its rows (StridedPanelRows) instead of being transposed into panels.
        // A row-major A is packed after all when its MR rows would crowd a few L1 sets (rows a multiple of 4 KiB apart,
        // such as 3,072 floats): read in place they evict each other at every k step (100×3072×100 ran at 79 GFLOP/s
        // against 93 packed). Copying such rows to a padded stride, or reading them 4 at a time, was no faster. Aᵀ with
        // its k steps 4 KiB apart crowds L1 sets too, but packing it measured no faster (3072×100×500 lost 5%).
        bool directA = GemmSettings.ReadOperandsInPlace && (transA || !CrowdsL1Sets(lda * sizeof(T), mr, kc * sizeof(T)));
        // Full panels of B (rows holding NR values) are read in place too, but only when a single row of blocks uses B
        // (a packed copy pays off when several do) and its rows are at most 1 KB apart: a k block of wider rows spans
        // more pages than the TLB holds (100×3072×500 lost 10%).
        // A B packed ahead of the call (a predictor's weights) beats both: contiguous panels, and no copy per call.
        bool directB = prepackedB == null && !transB && rowBlocks == 1 && ldb * sizeof(T) <= InPlaceMaxRowBytes
            && GemmSettings.ReadOperandsInPlace;
        // Otherwise, with a single row of blocks each B block is used by one block of C only: pack it inside that
        // block's task, just before use, so it is still in L2 when the kernel reads it (not a round trip via L3).
        bool packBInTask = rowBlocks == 1 && !directB && prepackedB == null;
        // A float column remainder of at most 4 (n = 100 is 3·32 + 4) is computed after the row panels, four panels at
        // a time with the rows in the lanes (GemmMicroKernels.KernelColumns), which needs A's 12 values of a k step
        // contiguous. 5 to 8 columns stay with the 12×8 kernel: two passes would cost more FMAs than it does.
        bool columnPass = kind == GemmKernelKind.Vector512 && typeof(T) == typeof(float)
            && n % nr is > 0 and <= GemmMicroKernels.KernelColumnsWidth && (transA || !directA);
        bool packB = !packBInTask && !directB && prepackedB == null;
        // The 256- and 128-bit tiles end 6j + 2 rows read in place with two 4-row tiles instead of a full one and one
        // holding 2 rows (32 = 4·6 + 2·4, not 5·6 + 2): a 4-row tile costs two thirds of a full one.
        bool splitTail = directA && rowBlocks == 1 && m > mr && m % mr == 2
            && kind is GemmKernelKind.Vector256 or GemmKernelKind.Vector128;
        int aPackTasks = (mPad / mr + PanelsPerPackTask - 1) / PanelsPerPackTask;

        GemmScratch scratch = GemmScratch.Current;
        var job = new PackedWork<T, TEpilogue>
        {
            Kind = kind, TransA = transA, TransB = transB, M = m, N = n, K = k, Mr = mr, Nr = nr, Kc = kc,
            MPad = mPad, NPad = nPad, BlockRows = blockRows, BlockColumns = blockColumns,
            RowBlocks = rowBlocks, ColumnBlocks = columnBlocks, KBlocks = (k + kc - 1) / kc,
            // A read in place leaves only its partial last panel to pack, if m is not a multiple of MR.
            APackTasks = !directA ? aPackTasks : m % mr == 0 || splitTail ? 0 : 1,
            BPackTasks = packB ? columnBlocks : 0,
            Alpha = alpha, Beta = beta, A = a, Lda = lda, B = b, Ldb = ldb, C = c, Ldc = ldc,
            PackedA = (T*)scratch.PackedA((nuint)((long)mPad * k * sizeof(T))),
            PackedB = packB ? (T*)scratch.PackedB((nuint)((long)nPad * k * sizeof(T))) : prepackedB,
            PackBInTask = packBInTask, DirectA = directA, DirectB = directB, ColumnPass = columnPass, SplitTail = splitTail,
            Epilogue = epilogue,
        };
        job.Packing = true;
        Parallelism.Run(ref job, job.KBlocks * (job.APackTasks + job.BPackTasks), maxThreads);
        job.Packing = false;
        Parallelism.Run(ref job, rowBlocks * columnBlocks, maxThreads);
        epilogue = job.Epilogue;
    }

    /// <summary>Copies a short run (a panel row: 16 to 128 bytes) with vector moves; a memmove call would cost more than the copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShort(byte* src, byte* dst, int bytes)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 64 <= bytes; i += 64)
                Vector512.Store(Vector512.Load(src + i), dst + i);
        }
        for (; i + 32 <= bytes; i += 32)
            Vector256.Store(Vector256.Load(src + i), dst + i);
        for (; i + 16 <= bytes; i += 16)
            Vector128.Store(Vector128.Load(src + i), dst + i);
        for (; i < bytes; i++)
            dst[i] = src[i];
    }

    /// <summary>L1d geometry of the tuned target (Zen 4; also Intel since Sandy Bridge): 64 sets of 64-byte lines, 8 ways.</summary>
    private const int L1Sets = 64, L1Line = 64, L1Ways = 8;

    /// <summary>
    /// Whether <paramref name="runs"/> runs of <paramref name="runBytes"/>, <paramref name="strideBytes"/> apart, put
    /// more lines on some L1 set than it holds beside the lines of the other operand and C (two ways are left for those).
    /// </summary>
    internal static bool CrowdsL1Sets(nint strideBytes, int runs, int runBytes)
    {
        int lines = Math.Min(L1Sets, (runBytes + L1Line - 1) / L1Line + 1);
        Span<byte> onSet = stackalloc byte[L1Sets];
        onSet.Clear();
        for (int r = 0; r < runs; r++)
        {
            int first = (int)(r * strideBytes / L1Line % L1Sets);
            for (int q = 0; q < lines; q++)
                if (++onSet[(first + q) & (L1Sets - 1)] > L1Ways - 2)
                    return true;
        }
        return false;
    }

    /// <summary>
    /// Zeroes elements [<paramref name="from"/>, <paramref name="width"/>) of <paramref name="kc"/> panel rows
    /// <paramref name="width"/> apart (a partial panel's padding): one short run of vector stores per row, not a
    /// strided scalar store per element.
    /// </summary>
    private static void ZeroPadding<T>(T* dst, int width, int from, int kc) where T : unmanaged
    {
        int bytes = (width - from) * sizeof(T);
        if (bytes <= 0)
            return;
        byte* d = (byte*)(dst + from);
        nint rowBytes = width * sizeof(T);
        for (int p = 0; p < kc; p++, d += rowBytes)
        {
            int i = 0;
            for (; i + 32 <= bytes; i += 32)
                Vector256.Store(Vector256<byte>.Zero, d + i);
            for (; i + 16 <= bytes; i += 16)
                Vector128.Store(Vector128<byte>.Zero, d + i);
            for (; i < bytes; i++)
                d[i] = 0;
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Depth of the k blocks: k cut into equal blocks of at most <paramref name="kc"/>; a runt last block (under kc/4:
    /// 784 = 384 + 384 + 16) is folded into the others when they stay within 1.25·kc, since it would cost a full pass
    /// over C for a few FMAs.
    /// </summary>
    private static int KBlockDepth(int k, int kc)
    {
        int blocks = (k + kc - 1) / kc;
        if (blocks > 1 && k - (blocks - 1) * kc < kc / 4 && (k + blocks - 2) / (blocks - 1) <= kc + kc / 4)
            blocks--;
        return (k + blocks - 1) / blocks;
    }

    private struct PackedWork<T, TEpilogue> : IPartitionedWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEpilogue : struct, IGemmEpilogue<T>
    {
        public GemmKernelKind Kind;
        public bool TransA, TransB, Packing, PackBInTask, DirectA, DirectB, ColumnPass, SplitTail;
        public int M, N, K, Mr, Nr, Kc, MPad, NPad, BlockRows, BlockColumns, RowBlocks, ColumnBlocks, KBlocks, APackTasks, BPackTasks;
        public T Alpha, Beta;
        public T* A, B, C, PackedA, PackedB;
        public nint Lda, Ldb, Ldc;
        public TEpilogue Epilogue;

        public void Execute(int partition)
        {
            if (Packing)
                Pack(partition);
            else
                Compute(partition);
        }

        // Packed A: for each k block (offset pc·MPad), MR-row panels of kc×MR, rows past m zero.
        // Packed B: for each k block (offset pc·NPad), NR-column panels of kc×NR, columns past n zero.
        private readonly void Pack(int partition)
        {
            int perK = APackTasks + BPackTasks;
            int kb = partition / perK, block = partition % perK;
            int pc = kb * Kc, kc = Math.Min(Kc, K - pc);
            if (block < APackTasks && DirectA)
            {
                int i0 = M / Mr * Mr;
                PackAPanel(i0, M - i0, pc, kc, APanel(kb, kc, i0));
            }
            else if (block < APackTasks)
            {
                int r0 = block * PanelsPerPackTask * Mr, r1 = Math.Min(M, r0 + PanelsPerPackTask * Mr);
                T* dst = APanel(kb, kc, r0);
                // A transposed is stored k×m: its full MR-row panels are runs of rows of the stored matrix.
                int fullPanels = TransA ? (r1 - r0) / Mr : 0;
                if (fullPanels > 0)
                    PackRuns(A + (nint)pc * Lda + r0, Lda, kc, Mr, fullPanels, dst);
                for (int i0 = r0 + fullPanels * Mr; i0 < r1; i0 += Mr)
                    PackAPanel(i0, Math.Min(Mr, M - i0), pc, kc, APanel(kb, kc, i0));
            }
            else
            {
                int c0 = (block - APackTasks) * BlockColumns, c1 = Math.Min(N, c0 + BlockColumns);
                PackBBlock(c0, c1, pc, kc, PackedB + (nint)pc * NPad + (nint)c0 * kc);
            }
        }

        /// <summary>The packed MR-row panel of A at row <paramref name="i0"/> in k block <paramref name="kb"/> (depth <paramref name="kc"/>).</summary>
        private readonly T* APanel(int kb, int kc, int i0) => PackedA + (nint)kb * Kc * MPad + (nint)i0 * kc;

        private readonly void PackAPanel(int i0, int rows, int pc, int kc, T* dst)
        {
            int mr = Mr;
            // Full transposed panels go through PackRuns; this handles the rest (and any panel of an untransposed A).
            if (TransA)
            {
                for (int p = 0; p < kc; p++, dst += mr)
                {
                    T* src = A + (nint)(pc + p) * Lda + i0;
                    int i = 0;
                    for (; i < rows; i++)
                        dst[i] = src[i];
                    for (; i < mr; i++)
                        dst[i] = T.Zero;
                }
            }
            else if (kc >= 8)
            {
                MatrixTranspose.Run(A + (nint)i0 * Lda + pc, Lda, rows, kc, dst, mr);
                ZeroPadding(dst, mr, rows, kc);
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    T* src = A + (nint)(i0 + i) * Lda + pc;
                    T* d = dst + i;
                    for (int p = 0; p < kc; p++, d += mr)
                        *d = src[p];
                }
                ZeroPadding(dst, mr, rows, kc);
            }
        }

        /// <summary>Rows ahead of the copy that <see cref="PackRuns"/> prefetches (its source comes from L3 or memory).</summary>
        private const int PackPrefetchRows = 16;

        // Packs columns [c0, c1) of k rows [pc, pc + kc) of B into NR-column panels at dst.
        private readonly void PackBBlock(int c0, int c1, int pc, int kc, T* dst)
        {
            int nr = Nr;
            int fullPanels = TransB ? 0 : (c1 - c0) / nr;
            if (fullPanels > 0)
                PackRuns(B + (nint)pc * Ldb + c0, Ldb, kc, nr, fullPanels, dst);
            for (int j0 = c0 + fullPanels * nr; j0 < c1; j0 += nr)
                PackBPanel(j0, Math.Min(nr, N - j0), pc, kc, dst + (nint)(j0 - c0) * kc);
        }

        // Packs `panels` full panels `width` wide from kc rows of a row-major source (row p at src + p·ld): row by row,
        // so each source row is read as one contiguous run (every panel's slice of it) with the rows PackPrefetchRows
        // ahead prefetched. A panel-at-a-time walk reads 48- to 128-byte pieces a row stride apart and waits on memory
        // for most of them.
        private static void PackRuns(T* src, nint ld, int kc, int width, int panels, T* dst)
        {
            int bytes = width * sizeof(T), runBytes = panels * bytes;
            nint panelStride = (nint)kc * width;
            for (int p = 0; p < kc; p++, src += ld)
            {
                if (Sse.IsSupported)
                {
                    byte* ahead = (byte*)(src + PackPrefetchRows * ld);
                    for (int offset = 0; offset < runBytes; offset += 64)
                        Sse.Prefetch0(ahead + offset);
                    Sse.Prefetch0(ahead + runBytes - 1);
                }
                T* d = dst + (nint)p * width;
                for (int q = 0; q < panels; q++, d += panelStride)
                    CopyShort((byte*)(src + q * width), (byte*)d, bytes);
            }
        }

        /// <summary>
        /// Width of the B panel holding <paramref name="cols"/> columns: NR, or a half or a quarter of it for an AVX-512
        /// column remainder that fits (one Vector512 or Vector256 per k step, computed by
        /// <see cref="GemmMicroKernels.KernelOneVector{T, TRows, TLanes, TVector}"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly int PanelWidth(int cols)
            => Kind != GemmKernelKind.Vector512 || cols > Nr / 2 ? Nr : cols > Nr / 4 ? Nr / 2 : Nr / 4;

        // Full untransposed panels go through PackRuns; this handles the rest (and any panel of a transposed B).
        private readonly void PackBPanel(int j0, int cols, int pc, int kc, T* dst)
        {
            int nr = PanelWidth(cols);
            if (TransB && kc >= 8)
            {
                // The NR rows of B are the panel's columns: transpose them (zero columns past n).
                MatrixTranspose.Run(B + (nint)j0 * Ldb + pc, Ldb, cols, kc, dst, nr);
                ZeroPadding(dst, nr, cols, kc);
            }
            else if (TransB)
            {
                for (int j = 0; j < cols; j++)
                {
                    T* src = B + (nint)(j0 + j) * Ldb + pc;
                    T* d = dst + j;
                    for (int p = 0; p < kc; p++, d += nr)
                        *d = src[p];
                }
                ZeroPadding(dst, nr, cols, kc);
            }
            else
            {
                for (int p = 0; p < kc; p++, dst += nr)
                {
                    T* src = B + (nint)(pc + p) * Ldb + j0;
                    int j = 0;
                    for (; j < cols; j++)
                        dst[j] = src[j];
                    for (; j < nr; j++)
                        dst[j] = T.Zero;
                }
            }
        }

        private void Compute(int partition)
        {
            int rb = partition / ColumnBlocks, cb = partition % ColumnBlocks;
            int r0 = rb * BlockRows, r1 = Math.Min(M, r0 + BlockRows);
            int c0 = cb * BlockColumns, c1 = Math.Min(N, c0 + BlockColumns);
            int mr = Mr, nr = Nr;
            T* edge = stackalloc T[12 * 32];
            // In-task B: the whole block (PackBInTask), or the partial last panel of an in-place B when it is too wide
            // for the masked one-vector kernel, which reads a narrow one in place.
            int partialColumn = c0 + (c1 - c0) / nr * nr;
            bool packPartialB = DirectB && partialColumn < c1 && PanelWidth(c1 - partialColumn) == nr;
            int taskColumns = PackBInTask ? RoundUp(c1 - c0, nr) : packPartialB ? nr : 0;
            T* taskB = taskColumns > 0
                ? (T*)GemmScratch.Current.TaskB((nuint)((long)Math.Min(Kc, K) * taskColumns * sizeof(T)))
                : null;
            for (int kb = 0; kb < KBlocks; kb++)
            {
                int pc = kb * Kc, kc = Math.Min(Kc, K - pc);
                bool last = pc + kc == K;
                // Later k blocks add onto the partial result already in C.
                T beta = kb == 0 ? Beta : T.One;
                T* bBlock;
                if (PackBInTask)
                {
                    bBlock = taskB;
                    PackBBlock(c0, c1, pc, kc, taskB);
                }
                else if (DirectB)
                {
                    bBlock = null;
                    if (packPartialB)
                        PackBPanel(partialColumn, c1 - partialColumn, pc, kc, taskB);
                }
                else
                {
                    bBlock = PackedB + (nint)pc * NPad + (nint)c0 * kc;
                }
                // Row panels outside: one MR×kc panel of A stays in L1 while the block's kc×NR panels of B stream from L2.
                for (int i = r0, rows; i < r1; i += rows)
                {
                    rows = PanelRows(i, r1);
                    bool inPlaceA = DirectA && (rows == mr || SplitTail), stridedA = inPlaceA && !TransA;
                    T* ap = !inPlaceA ? APanel(kb, kc, i) : TransA ? A + (nint)pc * Lda + i : A + (nint)i * Lda + pc;
                    nint aStep = !inPlaceA ? mr : TransA ? Lda : 1;
                    for (int j = c0; j < c1; j += nr)
                    {
                        int cols = Math.Min(nr, N - j);
                        if (ColumnPass && cols < nr)
                            break;
                        int width = PanelWidth(cols), kernelRows = width < nr ? mr : KernelRows(rows);
                        T* bp = BPanel(j, cols, pc, kc, c0, bBlock, taskB, out nint bStep);
                        T* cp = C + i * Ldc + j;
                        // A tile the kernel covers exactly is written in place, as is a narrow one (its kernel masks the
                        // columns past n); an edge tile goes through the buffer.
                        if (rows == kernelRows && (cols == width || width < nr))
                        {
                            RunKernel(stridedA, kernelRows, width, cols, kc, ap, aStep, bp, bStep, cp, Ldc, beta);
                        }
                        else
                        {
                            RunKernel(stridedA, kernelRows, width, cols, kc, ap, aStep, bp, bStep, edge, nr, T.Zero);
                            MergeEdge(edge, nr, cp, Ldc, rows, cols, beta);
                        }
                        if (last)
                            Epilogue.Apply(ref *cp, (int)Ldc, i, j, rows, cols);
                    }
                }
                if (ColumnPass && partialColumn < c1)
                    RunColumnPass(kb, pc, kc, r0, r1, partialColumn, c1 - partialColumn, bBlock, c0, beta, last);
            }
        }

        // B's panel of columns [j, j + cols) in k block pc and its row step: the block's packed panel (as wide as
        // PanelWidth), B itself for a full panel or a narrow one (its kernel masks the columns past n), or the task's copy
        // of a partial panel too wide for that.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly T* BPanel(int j, int cols, int pc, int kc, int c0, T* bBlock, T* taskB, out nint step)
        {
            if (!DirectB)
            {
                step = PanelWidth(cols);
                return bBlock + (nint)(j - c0) * kc;
            }
            bool inPlace = cols == Nr || PanelWidth(cols) < Nr;
            step = inPlace ? Ldb : Nr;
            return inPlace ? B + (nint)pc * Ldb + j : taskB;
        }

        // The block's last columns (at most 4, from column jr) for all its rows, up to four 12-row panels per kernel call;
        // A's full panels read in place go in groups of their own, apart from its packed partial panel.
        private void RunColumnPass(int kb, int pc, int kc, int r0, int r1, int jr, int cols, T* bBlock, int c0, T beta, bool last)
        {
            int mr = Mr;
            T* bp = BPanel(jr, cols, pc, kc, c0, bBlock, null, out nint bStep);
            float alpha = float.CreateTruncating(Alpha), betaF = float.CreateTruncating(beta);
            for (int i = r0; i < r1;)
            {
                int fullPanels = (r1 - i) / mr;
                bool inPlace = DirectA && fullPanels > 0;
                int panels = Math.Min(GemmMicroKernels.KernelColumnsPanels, inPlace ? fullPanels : (r1 - i + mr - 1) / mr);
                int rows = Math.Min(panels * mr, r1 - i);
                T* ap = inPlace ? A + (nint)pc * Lda + i : APanel(kb, kc, i);
                nint aStep = inPlace ? Lda : mr, panelStride = inPlace ? mr : (nint)kc * mr;
                T* cp = C + i * Ldc + jr;
                GemmMicroKernels.KernelColumns(kc, (float*)ap, aStep, panelStride, panels, (float*)bp, bStep, cols, (float*)cp, Ldc,
                    rows, alpha, betaF);
                if (last)
                    Epilogue.Apply(ref *cp, (int)Ldc, i, jr, rows, cols);
                i += rows;
            }
        }

        // Rows of the panel starting at row i of a block ending at r1: MR, fewer at the end, and with a split tail the
        // last 8 rows (6j + 2 in all) as two tiles of the 4-row kernel.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly int PanelRows(int i, int r1) =>
            SplitTail && r1 - i <= Mr + 2 ? GemmMicroKernels.RemainderHeight.Rows : Math.Min(Mr, M - i);

        // Rows the kernel for a panel of `rows` real rows computes: the AVX-512 path has 4- and 8-row variants and the
        // 256- and 128-bit tile a 4-row one, so the row remainder (100 = 8·12 + 4 in the MLP's batch, 27 = 4·6 + 3) does
        // not multiply the panel's zero padding.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly int KernelRows(int rows) => Kind switch
        {
            GemmKernelKind.Vector512 => rows > 8 ? Mr : rows > 4 ? 8 : 4,
            GemmKernelKind.Vector256 or GemmKernelKind.Vector128 => rows > 4 ? Mr : 4,
            _ => Mr,
        };

        // The kernel for a kernelRows × width tile, reading A's rows side by side or a row stride apart (stridedA); a
        // narrow panel (width < NR) goes to the one-vector kernel, which touches only its first `cols` columns.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void RunKernel(bool stridedA, int kernelRows, int width, int cols, int kc, T* ap, nint aStep, T* bp, nint bStep, T* cp, nint ldc, T beta)
        {
            if (stridedA)
                RunKernel<StridedPanelRows>(kernelRows, width, cols, kc, ap, aStep, Lda, bp, bStep, cp, ldc, beta);
            else
                RunKernel<ContiguousPanelRows>(kernelRows, width, cols, kc, ap, aStep, Lda, bp, bStep, cp, ldc, beta);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void RunKernel<TRows>(int kernelRows, int width, int cols, int kc, T* ap, nint aStep, nint aRow, T* bp, nint bStep, T* cp, nint ldc, T beta)
            where TRows : struct, IPanelRows
        {
            switch (Kind)
            {
                case GemmKernelKind.Vector512 when width == Nr / 2:
                    GemmMicroKernels.KernelOneVector<T, TRows, VectorLanes512<T>, Vector512<T>>(kc, ap, aStep, aRow, bp, bStep, cols, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector512 when width == Nr / 4:
                    GemmMicroKernels.KernelOneVector<T, TRows, VectorLanes256<T>, Vector256<T>>(kc, ap, aStep, aRow, bp, bStep, cols, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector512 when kernelRows == 4:
                    GemmMicroKernels.Kernel512Rows4<T, TRows>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector512 when kernelRows == 8:
                    GemmMicroKernels.Kernel512Rows8<T, TRows>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector512:
                    GemmMicroKernels.Kernel512<T, TRows>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector256 when kernelRows < Mr:
                    GemmMicroKernels.KernelTile<T, GemmMicroKernels.RemainderHeight, TRows, VectorLanes256<T>, Vector256<T>>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector256:
                    GemmMicroKernels.KernelTile<T, GemmMicroKernels.FullHeight, TRows, VectorLanes256<T>, Vector256<T>>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector128 when kernelRows < Mr:
                    GemmMicroKernels.KernelTile<T, GemmMicroKernels.RemainderHeight, TRows, VectorLanes128<T>, Vector128<T>>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
                case GemmKernelKind.Vector128:
                    GemmMicroKernels.KernelTile<T, GemmMicroKernels.FullHeight, TRows, VectorLanes128<T>, Vector128<T>>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
                default:
                    GemmMicroKernels.KernelScalar<T, TRows>(kc, ap, aStep, aRow, bp, bStep, cp, ldc, Alpha, beta);
                    break;
            }
        }

        // Same rounding as the kernels' full-tile store: C = (α·acc) + β·C, or α·acc when β = 0.
        private static void MergeEdge(T* tile, nint ldt, T* c, nint ldc, int rows, int cols, T beta)
        {
            bool betaZero = beta == T.Zero;
            for (int r = 0; r < rows; r++)
            {
                T* t = tile + r * ldt;
                T* cr = c + r * ldc;
                for (int q = 0; q < cols; q++)
                    cr[q] = betaZero ? t[q] : t[q] + beta * cr[q];
            }
        }
    }
}
