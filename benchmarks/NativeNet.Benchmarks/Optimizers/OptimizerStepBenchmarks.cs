using BenchmarkDotNet.Attributes;
using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Optimizers;

/// <summary>
/// One optimizer step over a large float parameter, against a plain memory copy moving the same number of bytes as
/// Adam, to show each step touches memory once. Adam reads w, g, m, v and writes w, m, v: 7 × 4 bytes per parameter.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/NativeNet.Benchmarks -- --filter '*OptimizerStepBenchmarks*'</c>.</remarks>
[Config(typeof(BandwidthConfig))]
[WarmupCount(3)]
[IterationCount(12)]
public class OptimizerStepBenchmarks
{
    private Parameter<float> _parameter = null!;
    private Adam<float> _adam = null!;
    private AdamW<float> _adamW = null!;
    private Sgd<float> _sgd = null!;
    private Momentum<float> _momentum = null!;
    private float[] _copySource = null!;
    private float[] _copyDestination = null!;

    /// <summary>The number of float parameters.</summary>
    [Params(2_000_000, 8_000_000)]
    public int Elements { get; set; }

    /// <summary>Allocates the parameter, a gradient, the optimizers' state and the copy buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _parameter = new Parameter<float>("w", NdArray<float>.RandomNormal(rng, 0f, 0.01f, Elements));
        rng.FillNormal(_parameter.Grad.Span, 0f, 1f);
        _adam = new Adam<float>([_parameter], 1e-6);
        _adamW = new AdamW<float>([_parameter], 1e-6);
        _sgd = new Sgd<float>([_parameter], 1e-6);
        _momentum = new Momentum<float>([_parameter], 1e-6);
        // 7 floats moved per Adam parameter = 3.5 floats read + 3.5 written by the copy.
        _copySource = GC.AllocateArray<float>(Elements * 7 / 2, pinned: true);
        _copyDestination = GC.AllocateArray<float>(Elements * 7 / 2, pinned: true);
        _copySource.AsSpan().Fill(1f);
        _copyDestination.AsSpan().Fill(2f);
    }

    /// <summary>Baseline: a memory copy moving the same bytes as an Adam step (28 per parameter).</summary>
    [Benchmark(Baseline = true)]
    [BytesMoved(28)]
    public void MemoryCopy() => _copySource.AsSpan().CopyTo(_copyDestination);

    /// <summary>Adam: reads w, g, m, v; writes w, m, v.</summary>
    [Benchmark]
    [BytesMoved(28)]
    public void AdamStep() => _adam.Step();

    /// <summary>AdamW: same traffic as Adam.</summary>
    [Benchmark]
    [BytesMoved(28)]
    public void AdamWStep() => _adamW.Step();

    /// <summary>SGD: reads w, g; writes w.</summary>
    [Benchmark]
    [BytesMoved(12)]
    public void SgdStep() => _sgd.Step();

    /// <summary>Momentum: reads w, g, v; writes w, v.</summary>
    [Benchmark]
    [BytesMoved(20)]
    public void MomentumStep() => _momentum.Step();
}
