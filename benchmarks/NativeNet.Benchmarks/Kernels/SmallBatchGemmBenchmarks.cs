using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using NativeNet.Kernels;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Kernels;

/// <summary>
/// The products of prediction: a batch of M = 1, 8 or 32 samples through a dense layer's weights (Y = X·W, W stored
/// K×N as the layers store it), NativeNet against OpenBLAS (Debian's <c>libopenblas0-pthread</c>, pinned to one thread):
/// <c>cblas_sgemv</c> for one sample (y = Wᵀx on the same row-major W), <c>cblas_sgemm</c> for a batch.
/// Run: <c>dotnet run -c Release --project benchmarks/NativeNet.Benchmarks -- --filter '*SmallBatchGemm*'</c>.
/// </summary>
[MemoryDiagnoser]
public unsafe class SmallBatchGemmBenchmarks
{
    private const string OpenBlas = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private float[] _x = null!, _w = null!, _y = null!;
    private int _m, _k, _n;

    /// <summary>The weights K×N: the Fashion-MNIST MLP's first layer and the CIFAR MLP's.</summary>
    [Params("784x256", "3072x500")]
    public string Weights { get; set; } = "";

    /// <summary>Samples per product.</summary>
    [Params(1, 8, 32)]
    public int Batch { get; set; }

    /// <summary>Random operands; both libraries on one thread.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int[] d = Weights.Split('x').Select(int.Parse).ToArray();
        (_m, _k, _n) = (Batch, d[0], d[1]);
        var rng = new Rng(1);
        _x = NdArray<float>.RandomNormal(rng, 0f, 1f, _m * _k).ToArray();
        _w = NdArray<float>.RandomNormal(rng, 0f, 1f, _k * _n).ToArray();
        _y = new float[_m * _n];
        Parallelism.ThreadCount = 1;
        openblas_set_num_threads(1);
    }

    /// <summary>Restores the default thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.ThreadCount = Environment.ProcessorCount;

    /// <summary>OpenBLAS: sgemv for one sample, sgemm for a batch.</summary>
    [Benchmark(Baseline = true)]
    public void OpenBlasProduct()
    {
        fixed (float* x = _x, w = _w, y = _y)
        {
            if (_m == 1)
                cblas_sgemv(RowMajor, Trans, _k, _n, 1f, w, _n, x, 1, 0f, y, 1);
            else
                cblas_sgemm(RowMajor, NoTrans, NoTrans, _m, _n, _k, 1f, x, _k, w, _n, 0f, y, _n);
        }
    }

    /// <summary>NativeNet's GEMM on the same operands.</summary>
    [Benchmark]
    public void NativeNetProduct() => Gemm.Multiply(false, false, _m, _n, _k, 1f, _x, _k, _w, _n, 0f, _y, _n);

    [DllImport(OpenBlas)]
    private static extern void openblas_set_num_threads(int threads);

    [DllImport(OpenBlas)]
    private static extern void cblas_sgemv(int order, int trans, int m, int n, float alpha, float* a, int lda, float* x, int incx,
        float beta, float* y, int incy);

    [DllImport(OpenBlas)]
    private static extern void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda,
        float* b, int ldb, float beta, float* c, int ldc);
}
