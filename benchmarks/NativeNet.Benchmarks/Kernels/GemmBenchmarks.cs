using BenchmarkDotNet.Attributes;
using NativeNet.Kernels;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Kernels;

/// <summary>
/// GEMM throughput: square float products on 1 thread and on the default thread count, and the MLP shapes in the
/// three products a dense layer runs (W stored as (in, out): forward Y = X·W, backward dX = dY·Wᵀ, dW = Xᵀ·dY).
/// The deep-* shapes have a column remainder of 4 and the fashion-* forward reads its row-major A in place.
/// Run: <c>dotnet run -c Release --project benchmarks/NativeNet.Benchmarks -- --filter '*Gemm*'</c>.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private NdArray<float> _a = null!, _b = null!, _c = null!;
    private bool _transposeA, _transposeB;

    /// <summary>Product as "name:M×K×N:op" — C[M×N] = op(A)[M×K]·op(B)[K×N], op NN/NT/TN.</summary>
    [Params(
        "square:64x64x64:NN", "square:128x128x128:NN", "square:256x256x256:NN", "square:512x512x512:NN",
        "square:1024x1024x1024:NN", "square:2048x2048x2048:NN",
        "mlp-fwd:100x3072x500:NN", "mlp-dX:100x500x3072:NT", "mlp-dW:3072x100x500:TN",
        "mlp-fwd:100x500x500:NN", "mlp-dX:100x500x500:NT", "mlp-dW:500x100x500:TN",
        "mlp-fwd:10x784x30:NN", "mlp-dX:10x30x784:NT", "mlp-dW:784x10x30:TN",
        "deep-fwd:100x3072x100:NN", "deep-dW:3072x100x100:TN", "deep-hidden:100x100x100:NN",
        "fashion-fwd:128x784x256:NN", "fashion-dW:784x128x256:TN")]
    public string Shape { get; set; } = "";

    /// <summary>Threads: 1, or 0 for the default (<see cref="Environment.ProcessorCount"/>).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    /// <summary>Allocates random operands for <see cref="Shape"/> and sets the thread count.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split(':');
        int[] d = parts[1].Split('x').Select(int.Parse).ToArray();
        (int m, int k, int n) = (d[0], d[1], d[2]);
        _transposeA = parts[2][0] == 'T';
        _transposeB = parts[2][1] == 'T';
        var rng = new Rng(1);
        _a = _transposeA ? NdArray<float>.RandomNormal(rng, 0f, 1f, k, m) : NdArray<float>.RandomNormal(rng, 0f, 1f, m, k);
        _b = _transposeB ? NdArray<float>.RandomNormal(rng, 0f, 1f, n, k) : NdArray<float>.RandomNormal(rng, 0f, 1f, k, n);
        _c = NdArray<float>.Zeros(m, n);
        Parallelism.ThreadCount = Threads == 0 ? Environment.ProcessorCount : Threads;
    }

    /// <summary>Restores the default thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.ThreadCount = Environment.ProcessorCount;

    /// <summary>One product C = op(A)·op(B).</summary>
    [Benchmark]
    public void Multiply() => Gemm.Multiply(_a, _b, _c, _transposeA, _transposeB);
}
