using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Kernels;

[Collection(nameof(KernelSettingsCollection))]
public sealed class GemmTests : IDisposable
{
    private readonly int _threads = Parallelism.ThreadCount;

    public void Dispose()
    {
        GemmSettings.RestoreDefaults();
        Parallelism.ThreadCount = _threads;
    }

    public enum Path { Small, Packed, PackedTinyBlocks }

    public static TheoryData<int, Path> Configurations()
    {
        var data = new TheoryData<int, Path>();
        foreach (GemmKernelKind kind in Enum.GetValues<GemmKernelKind>())
            if (kind <= GemmSettings.Detected)
                foreach (Path path in Enum.GetValues<Path>())
                    data.Add((int)kind, path);
        return data;
    }

    private static void Configure(GemmKernelKind kind, Path path)
    {
        GemmSettings.KernelOverride = kind;
        GemmSettings.SmallPathMaxWork = path == Path.Small ? long.MaxValue : 0;
        GemmSettings.SmallPathMaxDim = path == Path.Small ? int.MaxValue : 0;
        // Tiny blocks make modest sizes straddle MC, KC and NC several times.
        GemmSettings.BlockingOverride = path == Path.PackedTinyBlocks ? new GemmBlocking(24, 7, 64) : null;
    }

    /// <summary>Naive triple loop in double over strided row-major storage.</summary>
    private static double[] Reference<T>(bool ta, bool tb, int m, int n, int k, double alpha, T[] a, int lda, T[] b, int ldb,
        double beta, T[] c, int ldc) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += double.CreateChecked(ta ? a[p * lda + i] : a[i * lda + p]) * double.CreateChecked(tb ? b[j * ldb + p] : b[p * ldb + j]);
                r[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * double.CreateChecked(c[i * ldc + j]));
            }
        return r;
    }

    private static T[] RandomArray<T>(Rng rng, int length) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var x = new T[length];
        for (int i = 0; i < length; i++)
            x[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Runs one product with padded leading dimensions and checks it (and C's padding) against the reference.</summary>
    private static void Check<T>(bool ta, bool tb, int m, int n, int k, double alpha, double beta, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 3, ldb = bCols + 5, ldc = n + 2;
        T[] a = RandomArray<T>(rng, Math.Max(0, aRows * lda)), b = RandomArray<T>(rng, Math.Max(0, bRows * ldb));
        T[] c = beta == 0 ? Enumerable.Repeat(T.NaN, m * ldc).ToArray() : RandomArray<T>(rng, m * ldc);
        double[] expected = Reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        T[] padding = c.ToArray();
        Gemm.Multiply(ta, tb, m, n, k, T.CreateChecked(alpha), a, lda, b, ldb, T.CreateChecked(beta), c, ldc);
        // Float rounding grows with k; the bound is loose enough for any summation order, tight enough to catch a wrong term.
        double eps = typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16;
        double tol = 4 * eps * (k + 2) * (Math.Abs(alpha) + Math.Abs(beta) + 1);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double got = double.CreateChecked(c[i * ldc + j]);
                if (!(Math.Abs(got - expected[i * n + j]) <= tol))
                    Assert.Fail($"{typeof(T).Name} ta={ta} tb={tb} {m}x{n}x{k} α={alpha} β={beta}: C[{i},{j}] = {got}, expected {expected[i * n + j]} (tol {tol}).");
            }
            for (int j = n; j < ldc; j++)
                Assert.Equal(padding[i * ldc + j], c[i * ldc + j]);
        }
    }

    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (7, 7, 7), (1, 33, 7), (33, 1, 9), (13, 31, 1), (12, 32, 17), (13, 33, 16), (11, 65, 31),
        (33, 33, 33), (25, 129, 8), (49, 70, 15), (100, 50, 40), (257, 17, 3), (6, 200, 64),
        // One row: the matrix-vector kernel, with column tails, row tails and more columns than one strip of sums.
        (1, 300, 40), (1, 1000, 9), (1, 64, 33), (1, 1100, 7),
    ];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void MatchesReferenceForAllTransposesAndOddSizes(int kind, Path path)
    {
        Configure((GemmKernelKind)kind, path);
        ulong seed = 1;
        foreach ((int m, int n, int k) in Shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    Check<float>(ta, tb, m, n, k, 1, 0, seed++);
                    Check<double>(ta, tb, m, n, k, -0.5, 0.75, seed++);
                }
        Check<float>(false, false, 20, 30, 25, 2, 1, seed++);
        Check<double>(true, true, 20, 30, 25, 1.5, -1, seed++);
        Check<double>(false, true, 0, 5, 5, 1, 0, seed++);
        Check<float>(true, false, 5, 5, 0, 1, 0.5, seed);
    }

    [Fact]
    public void StraddlesDefaultBlockSizesWithPackedKernel()
    {
        // With the tuned blocking: k across KC, m across MC, n across NC (m or k kept small so the reference is quick).
        GemmSettings.SmallPathMaxWork = 0;
        GemmSettings.SmallPathMaxDim = 0;
        GemmBlocking f = GemmSettings.DefaultBlocking(GemmSettings.Detected, sizeof(float));
        GemmBlocking d = GemmSettings.DefaultBlocking(GemmSettings.Detected, sizeof(double));
        Check<float>(false, false, 37, 41, f.Kc + 1, 1, 0, 1);
        Check<float>(true, true, f.Mc + 13, 35, 9, 1, 0.5, 2);
        Check<float>(false, true, 17, f.Nc + 33, 5, 1, 0, 3);
        Check<double>(true, false, 23, 29, 2 * d.Kc + 1, 1, 0, 4);
        Check<double>(false, false, d.Mc + 1, d.Nc + 1, 3, -1, 2, 5);
        Check<float>(false, false, 257, 257, 257, 1, 0, 6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResultsAreBitIdenticalForOneTwoAndThreeThreads(bool small)
    {
        GemmSettings.ParallelMinWork = 0;
        GemmSettings.SmallPathMaxWork = small ? long.MaxValue : 0;
        GemmSettings.SmallPathMaxDim = small ? int.MaxValue : 0;
        var rng = new Rng(7);
        var a = NdArray<float>.RandomNormal(rng, 0f, 1f, 150, 301);
        var b = NdArray<float>.RandomNormal(rng, 0f, 1f, 301, 530);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            Parallelism.ThreadCount = threads;
            var c = NdArray<float>.Full(float.NaN, 150, 530);
            Gemm.Multiply(a, b, c);
            if (first is null)
                first = c.ToArray();
            else
                Assert.True(first.AsSpan().SequenceEqual(c.Span), $"{threads} threads differ from 1 thread");
        }
    }

    [Fact]
    public void AFewRowsAgainstAWeightMatrixFromMemoryGiveTheSameBitsForOneTwoAndThreeThreads()
    {
        // The streaming kernel gives each thread one run of columns, so where the runs meet moves with the thread
        // count: neither the product nor the GELU fused into it may change with it.
        GemmSettings.ParallelMinWork = 0;
        var rng = new Rng(12);
        var layer = new Linear<float>(503, 1100, rng, activation: new Gelu<float>());
        foreach (int rows in new[] { 1, 3 })
        {
            var x = NdArray<float>.RandomNormal(rng, 0f, 1f, rows, 503);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.ThreadCount = threads;
                float[] y = layer.Forward(x, training: false).ToArray();
                if (first is null)
                    first = y;
                else
                    Assert.True(first.AsSpan().SequenceEqual(y), $"{rows} row(s) through 503×1100 with GELU: {threads} threads differ from 1 thread");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void RowRemainderKernelsMatchFullPanelBitForBit(int kind, Path path)
    {
        // m = 100 and 104 end in a 4- and an 8-row panel that the AVX-512 path computes with its shorter kernels, and
        // m = 8, 32 and 104 (6j + 2) in two 4-row tiles on the 256- and 128-bit paths; the same rows inside a 108-row
        // product go through the full kernels and must come out identical.
        if (path == Path.Small)
            return;
        Configure((GemmKernelKind)kind, path);
        GemmSettings.SmallPathMaxWork = 0;
        GemmSettings.SmallPathMaxDim = 0;
        var rng = new Rng(11);
        var a = NdArray<float>.RandomNormal(rng, 0f, 1f, 108, 413);
        var b = NdArray<float>.RandomNormal(rng, 0f, 1f, 413, 75);
        var full = NdArray<float>.Full(0.5f, 108, 75);
        Gemm.Multiply(a, b, full, beta: 0.25f);
        foreach (int m in new[] { 100, 104, 99, 106, 8, 32 })
        {
            var c = NdArray<float>.Full(0.5f, m, 75);
            Gemm.Multiply(a.Slice(0, m), b, c, beta: 0.25f);
            Assert.True(full.Span[..(m * 75)].SequenceEqual(c.Span), $"m = {m} differs from the same rows of m = 108");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ColumnRemainderKernelMatchesFullPanelBitForBit(int kind, Path path)
    {
        // n = 100, 97 and 104 end in a panel of 1 to 8 columns that the AVX-512 path packs a quarter wide (Vector256
        // kernel), n = 105 and 112 in one of 9 to 16 packed half wide (one-Vector512 kernel), for any transpose of B;
        // the same columns inside a 128-column product go through the full kernel.
        if (path == Path.Small)
            return;
        Configure((GemmKernelKind)kind, path);
        GemmSettings.SmallPathMaxWork = 0;
        GemmSettings.SmallPathMaxDim = 0;
        var rng = new Rng(12);
        var a = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 413);
        var b = NdArray<float>.RandomNormal(rng, 0f, 1f, 413, 128);
        var bt = NdArray<float>.Zeros(128, 413);
        for (int i = 0; i < 413; i++)
            for (int j = 0; j < 128; j++)
                bt[j, i] = b[i, j];
        foreach (bool transposeB in new[] { false, true })
        {
            var full = NdArray<float>.Full(0.5f, 100, 128);
            Gemm.Multiply(a, transposeB ? bt : b, full, transposeB: transposeB, beta: 0.25f);
            foreach (int n in new[] { 100, 97, 104, 105, 112, 113 })
            {
                var bn = NdArray<float>.Zeros(transposeB ? n : 413, transposeB ? 413 : n);
                for (int i = 0; i < 413; i++)
                    for (int j = 0; j < n; j++)
                        if (transposeB) bn[j, i] = b[i, j]; else bn[i, j] = b[i, j];
                var c = NdArray<float>.Full(0.5f, 100, n);
                Gemm.Multiply(a, bn, c, transposeB: transposeB, beta: 0.25f);
                for (int r = 0; r < 100; r++)
                    Assert.True(full.Row(r).Span[..n].SequenceEqual(c.Row(r).Span), $"n = {n} (Bᵀ: {transposeB}), row {r} differs from n = 128");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void OperandsReadInPlaceGiveTheSameBitsAsPackedCopies(int kind, Path path)
    {
        // Aᵀ panels and single-row-block B panels are read where they are; partial panels are still copied. Every
        // transpose, with row and column remainders and several k blocks, must match the all-packed run bit for bit.
        if (path == Path.Small)
            return;
        Configure((GemmKernelKind)kind, path);
        GemmSettings.SmallPathMaxWork = 0;
        GemmSettings.SmallPathMaxDim = 0;
        ulong seed = 40;
        // k = 1024 and 3072 put the rows of a row-major A 4 KiB apart, where it is packed rather than read in place.
        foreach ((int m, int n, int k) in new[] { (100, 100, 413), (36, 64, 30), (130, 75, 900), (250, 33, 64), (128, 40, 784), (24, 48, 1024), (12, 100, 3072) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    var rng = new Rng(seed++);
                    var a = NdArray<float>.RandomNormal(rng, 0f, 1f, ta ? k : m, ta ? m : k);
                    var b = NdArray<float>.RandomNormal(rng, 0f, 1f, tb ? n : k, tb ? k : n);
                    var packed = NdArray<float>.Full(0.5f, m, n);
                    var inPlace = NdArray<float>.Full(0.5f, m, n);
                    GemmSettings.ReadOperandsInPlace = false;
                    Gemm.Multiply(a, b, packed, ta, tb, beta: 0.25f);
                    GemmSettings.ReadOperandsInPlace = true;
                    Gemm.Multiply(a, b, inPlace, ta, tb, beta: 0.25f);
                    Assert.True(packed.Span.SequenceEqual(inPlace.Span), $"{m}×{n}×{k}, Aᵀ {ta}, Bᵀ {tb}: in-place operands differ from packed ones");
                }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void PrepackedWeightsGiveTheSameBitsAsEveryOtherPath(int kind, Path path)
    {
        // A predictor's packed copy of B replaces B on the packed path; the small path and a kernel or blocking other
        // than the copy's read B itself. Either way the product, with its epilogue, must equal the plain call's bits.
        Configure((GemmKernelKind)kind, path);
        ulong seed = 60;
        foreach ((int m, int n, int k) in new[] { (32, 256, 784), (17, 100, 413), (600, 40, 30), (5, 48, 64), (40, 33, 900) })
        {
            var rng = new Rng(seed++);
            var a = NdArray<float>.RandomNormal(rng, 0f, 1f, m, k);
            var b = NdArray<float>.RandomNormal(rng, 0f, 1f, k, n);
            var bias = NdArray<float>.RandomNormal(rng, 0f, 1f, n);
            var expected = NdArray<float>.Zeros(m, n);
            Gemm.MultiplyAddBias(a, b, bias, expected);
            var packed = new PackedMatrix<float>(b.Span, k, n, n);
            var actual = NdArray<float>.Full(float.NaN, m, n);
            var epilogue = new BiasAddEpilogue<float>(bias);
            Gemm.Multiply(m, a.Span, b.Span, packed, actual.Span, ref epilogue);
            Assert.True(expected.Span.SequenceEqual(actual.Span), $"{m}×{n}×{k}: prepacked B differs from the plain product");
        }
    }

    [Fact]
    public void PrepackedWeightsForAnotherKernelAreNotRead()
    {
        // The weights must be packed for a vector kernel: none where the CPU or NATIVENET_MAX_VECTOR_BITS=0 leaves scalar.
        if (GemmSettings.Kernel == GemmKernelKind.Scalar)
            return;
        GemmSettings.SmallPathMaxWork = 0;
        GemmSettings.SmallPathMaxDim = 0;
        var rng = new Rng(70);
        var a = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 30, 50);
        var b = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 50, 40);
        var packed = new PackedMatrix<double>(b.Span, 50, 40, 40);
        GemmSettings.KernelOverride = GemmKernelKind.Scalar;
        // Changing B after packing shows which copy the product read: the scalar kernel must read B itself.
        b.Span[0] += 1.0;
        var expected = NdArray<double>.Zeros(30, 40);
        Gemm.Multiply(a, b, expected);
        var actual = NdArray<double>.Zeros(30, 40);
        var none = default(NoGemmEpilogue<double>);
        Gemm.Multiply(30, a.Span, b.Span, packed, actual.Span, ref none);
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void AFewRowsAgainstAWeightMatrixFromMemoryGiveTheBitsOfTheSameRowsInALargerBatch(int kind, Path path)
    {
        // Up to 16 rows against a B of more than 1 MB stream B in row order; 17 rows take the register tiles. A row's
        // results must not depend on which, for either layout of A and B, with β, odd row counts and column tails.
        if (path != Path.Small)
            return;
        Configure((GemmKernelKind)kind, path);
        const int Rows = 17;
        ulong seed = 90;
        foreach ((int m, int n, int k) in new[] { (2, 600, 500), (5, 1100, 300), (16, 501, 600) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    var rng = new Rng(seed++);
                    var a = NdArray<float>.RandomNormal(rng, 0f, 1f, ta ? k : Rows, ta ? Rows : k);
                    var b = NdArray<float>.RandomNormal(rng, 0f, 1f, tb ? n : k, tb ? k : n);
                    var batch = NdArray<float>.RandomNormal(rng, 0f, 1f, Rows, n);
                    var few = batch.Clone();
                    Gemm.Multiply(ta, tb, Rows, n, k, 1.5f, a.Span, a.Dim(1), b.Span, b.Dim(1), 0.25f, batch.Span, n);
                    Gemm.Multiply(ta, tb, m, n, k, 1.5f, a.Span, a.Dim(1), b.Span, b.Dim(1), 0.25f, few.Span, n);
                    Assert.True(batch.Span[..(m * n)].SequenceEqual(few.Span[..(m * n)]), $"{m}×{n}×{k}, Aᵀ {ta}, Bᵀ {tb}: the streaming rows differ from the tiles'");
                }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void OneRowGivesTheBitsOfTheSameRowInABatch(int kind, Path path)
    {
        // Predicting one sample takes the matrix-vector kernel, a batch the tiles: a sample's scores must not depend on
        // which, for either layout of A, with β, column tails and more columns than one strip of sums.
        if (path != Path.Small)
            return;
        Configure((GemmKernelKind)kind, path);
        // 600×500 floats (1.2 MB) and up take the streaming kernel, eight rows of B a pass, then four, then one (k = 503
        // takes all three); the others take the kernel with sums in registers. With AVX-512, rows of 1,024 floats start
        // on cache lines and stream with 512-bit vectors, the others with 256-bit ones.
        RowsMatchTheirBatch<float>(1, [(256, 784), (500, 61), (1100, 7), (13, 5), (600, 500), (1100, 300), (600, 503), (1024, 300)], seed: 80);
        RowsMatchTheirBatch<double>(1, [(300, 211), (600, 503)], seed: 180);
    }

    [Fact]
    public unsafe void AVectorAgainstRowsOffCacheLinesFromL3StreamsAtHalfWidth()
    {
        // 3,072 rows of 500 floats (2,000 bytes) start 16 bytes apart on cache lines, rows of 512 floats all on one
        // when B does; only a single row of A against a B of 1 to 8 MiB changes width.
        float* line = (float*)CacheLineArray.Alignment;
        Assert.True(DirectGemmKernel.PrefersHalfWidth(1, 3072, line, 500));
        Assert.False(DirectGemmKernel.PrefersHalfWidth(1, 3072, line, 512));
        Assert.True(DirectGemmKernel.PrefersHalfWidth(1, 3072, line + 4, 512));
        Assert.False(DirectGemmKernel.PrefersHalfWidth(2, 3072, line, 500));
        Assert.False(DirectGemmKernel.PrefersHalfWidth(1, 256, line, 500));
        Assert.True(DirectGemmKernel.PrefersHalfWidth(1, 4194, line, 500));
        Assert.False(DirectGemmKernel.PrefersHalfWidth(1, 4195, line, 500));
        Assert.True(DirectGemmKernel.PrefersHalfWidth(1, 1024, (double*)line, 500));
        Assert.False(DirectGemmKernel.PrefersHalfWidth(1, 1024, (double*)line, 512));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void TwoRowsGiveTheBitsOfTheSameRowsInABatch(int kind, Path path)
    {
        // A batch of two takes the two-row kernel with sums in registers (or, from memory, the streaming one); its
        // column tails go to the tile kernel with two rows.
        if (path != Path.Small)
            return;
        Configure((GemmKernelKind)kind, path);
        RowsMatchTheirBatch<float>(2, [(256, 784), (500, 61), (1100, 7), (13, 5), (600, 500), (75, 130)], seed: 280);
        RowsMatchTheirBatch<double>(2, [(300, 211), (600, 503)], seed: 380);
    }

    // Rows 2.. of a 6-row batch, computed alone as a product of `rows` rows, give the batch's bits.
    private static void RowsMatchTheirBatch<T>(int rows, (int N, int K)[] shapes, ulong seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T alpha = T.CreateChecked(1.5), beta = T.CreateChecked(0.25), half = T.CreateChecked(0.5);
        const int batchRows = 6, first = 2;
        foreach ((int n, int k) in shapes)
            foreach (bool ta in new[] { false, true })
            {
                var rng = new Rng(seed++);
                var a = NdArray<T>.RandomNormal(rng, T.Zero, T.One, ta ? k : batchRows, ta ? batchRows : k);
                var b = NdArray<T>.RandomNormal(rng, T.Zero, T.One, k, n);
                var batch = NdArray<T>.Full(half, batchRows, n);
                Gemm.Multiply(ta, false, batchRows, n, k, alpha, a.Span, a.Dim(1), b.Span, n, beta, batch.Span, n);
                var few = NdArray<T>.Full(half, rows, n);
                // Rows from `first` of op(A): rows of A, or columns of the stored Aᵀ (their elements a row stride apart).
                ReadOnlySpan<T> part = ta ? a.Span[first..] : a.Span.Slice(first * k, rows * k);
                Gemm.Multiply(ta, false, rows, n, k, alpha, part, a.Dim(1), b.Span, n, beta, few.Span, n);
                Assert.True(batch.Span.Slice(first * n, rows * n).SequenceEqual(few.Span),
                    $"{typeof(T).Name} {rows}×{n}×{k}, Aᵀ {ta}: the rows differ from their batch");
            }
    }

    [Theory]
    [InlineData(3072, 12, true)]  // CIFAR's 3,072 floats: every row starts on the same L1 set
    [InlineData(1024, 12, true)]
    [InlineData(3000, 12, false)]
    [InlineData(784, 12, false)]  // MNIST
    [InlineData(512, 12, false)]  // two groups of six rows, half the sets apart
    [InlineData(1024, 6, false)]  // six rows fit beside the two ways left for B and C
    public void RowMajorAIsReadInPlaceOnlyWhereItsRowsDoNotCrowdL1Sets(int floatsPerRow, int rows, bool crowded)
        => Assert.Equal(crowded, GemmDriver.CrowdsL1Sets(floatsPerRow * sizeof(float), rows, 384 * sizeof(float)));

    [Fact]
    public void BiasEpilogueAddsBiasToEveryRowOnBothPaths()
    {
        var rng = new Rng(3);
        foreach (long smallMax in new[] { long.MaxValue, 0L })
        {
            GemmSettings.SmallPathMaxWork = smallMax;
            GemmSettings.SmallPathMaxDim = smallMax == 0 ? 0 : int.MaxValue;
            var x = NdArray<double>.RandomNormal(rng, 0, 1, 37, 50);
            var w = NdArray<double>.RandomNormal(rng, 0, 1, 50, 45);
            var bias = NdArray<double>.RandomNormal(rng, 0, 1, 45);
            var expected = NdArray<double>.Zeros(37, 45);
            Gemm.Multiply(x, w, expected);
            for (int i = 0; i < 37; i++)
                for (int j = 0; j < 45; j++)
                    expected[i, j] += bias[j];
            var c = NdArray<double>.Full(double.NaN, 37, 45);
            Gemm.MultiplyAddBias(x, w, bias, c);
            Assert.Equal(expected.ToArray(), c.ToArray());
        }
    }

    /// <summary>Counts how often each element of C is handed to the epilogue.</summary>
    private unsafe struct CountingEpilogue : IGemmEpilogue<float>
    {
        public int* Counts;
        public int Columns;

        public void Apply(ref float tile, int ldc, int row, int column, int rows, int columns)
        {
            for (int r = 0; r < rows; r++)
                for (int q = 0; q < columns; q++)
                    Interlocked.Increment(ref Counts[(row + r) * Columns + column + q]);
        }
    }

    [Fact]
    public unsafe void EpilogueSeesEveryElementExactlyOnce()
    {
        GemmSettings.SmallPathMaxWork = 0;
        GemmSettings.SmallPathMaxDim = 0;
        GemmSettings.ParallelMinWork = 0;
        GemmSettings.BlockingOverride = new GemmBlocking(24, 16, 64);
        Parallelism.ThreadCount = 2;
        var counts = new int[61 * 97];
        fixed (int* p = counts)
        {
            var epilogue = new CountingEpilogue { Counts = p, Columns = 97 };
            var c = new float[61 * 97];
            Gemm.Multiply(false, false, 61, 97, 40, 1f, new float[61 * 40], 40, new float[40 * 97], 97, 0f, c, 97, ref epilogue);
        }
        Assert.All(counts, n => Assert.Equal(1, n));
    }

    [Fact]
    public void ShapeErrorsNameAllShapes()
    {
        var a = NdArray<float>.Zeros(3, 4);
        var b = NdArray<float>.Zeros(5, 6);
        var c = NdArray<float>.Zeros(3, 6);
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(a, b, c));
        Assert.Contains("(3, 4)", ex.Message);
        Assert.Contains("(5, 6)", ex.Message);
        Assert.Contains("(3, 6)", ex.Message);
        var bias = NdArray<float>.Zeros(7);
        var ok = NdArray<float>.Zeros(4, 6);
        var ex2 = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddBias(a, ok, bias, c));
        Assert.Contains("(7,)", ex2.Message);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 3, 3, 1f, new float[8], 3, new float[9], 3, 0f, new float[9], 3));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 3, 3, 1f, new float[9], 2, new float[9], 3, 0f, new float[9], 3));
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        GemmSettings.ParallelMinWork = 0;
        Parallelism.ThreadCount = 2;
        var rng = new Rng(5);
        var a = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 300);
        var b = NdArray<float>.RandomNormal(rng, 0f, 1f, 300, 200);
        var bias = NdArray<float>.RandomNormal(rng, 0f, 1f, 200);
        var c = NdArray<float>.Zeros(100, 200);
        var small = NdArray<float>.Zeros(10, 30);
        var xs = NdArray<float>.RandomNormal(rng, 0f, 1f, 10, 300);
        var ws = NdArray<float>.RandomNormal(rng, 0f, 1f, 30, 300);
        void Calls()
        {
            Gemm.Multiply(a, b, c);
            Gemm.Multiply(a, b, c, transposeA: false, transposeB: false, alpha: 0.5f, beta: 1f);
            Gemm.MultiplyAddBias(a, b, bias, c);
            Gemm.Multiply(xs, ws, small, transposeB: true);
        }
        Calls();
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Calls();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }

    [SkippableTheory]
    [InlineData(Path.Small)]
    [InlineData(Path.Packed)]
    [InlineData(Path.PackedTinyBlocks)]
    public void TheVector128KernelGivesTheVector256KernelsBits(Path path)
    {
        // Same tile, same FMA chain per element and same blocking: the 128-bit kernel (NEON on Arm64) reproduces the
        // AVX2 kernel's results exactly, so a model trained on one machine is the model trained on the other.
        Skip.IfNot(GemmSettings.Detected >= GemmKernelKind.Vector256, "needs AVX2 to compare the 256-bit kernel with the 128-bit one");
        ulong seed = 100;
        foreach ((int m, int n, int k) in Shapes.Append((70, 300, 600)))
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    AssertKernelsAgree<float>(path, ta, tb, m, n, k, 1, 0, seed++);
                    AssertKernelsAgree<double>(path, ta, tb, m, n, k, -0.5, 0.75, seed++);
                }
    }

    private static void AssertKernelsAgree<T>(Path path, bool ta, bool tb, int m, int n, int k, double alpha, double beta, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        int lda = ta ? m : k, ldb = tb ? k : n;
        T[] a = RandomArray<T>(rng, (ta ? k : m) * lda), b = RandomArray<T>(rng, (tb ? n : k) * ldb), c = RandomArray<T>(rng, m * n);
        T[] wide = c.ToArray(), narrow = c.ToArray();
        Configure(GemmKernelKind.Vector256, path);
        Gemm.Multiply(ta, tb, m, n, k, T.CreateChecked(alpha), a, lda, b, ldb, T.CreateChecked(beta), wide, n);
        Configure(GemmKernelKind.Vector128, path);
        Gemm.Multiply(ta, tb, m, n, k, T.CreateChecked(alpha), a, lda, b, ldb, T.CreateChecked(beta), narrow, n);
        Assert.True(wide.AsSpan().SequenceEqual(narrow), $"{typeof(T).Name} ta={ta} tb={tb} {m}x{n}x{k}: the kernels differ.");
    }
}
