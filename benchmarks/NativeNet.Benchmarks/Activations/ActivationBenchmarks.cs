using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Activations;

/// <summary>
/// Generated activation layers on 1M floats against the equivalent TensorPrimitives calls. The generated forward is
/// one pass (read x, write y) and the backward one pass (read saved, read dy, write dx); the TensorPrimitives
/// compositions for swish and the backward passes need several passes and a temporary.
/// Run: <c>dotnet run -c Release --project benchmarks/NativeNet.Benchmarks -- --filter '*ActivationBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class ActivationBenchmarks
{
    private const int N = 1 << 20;
    private readonly Sigmoid<float> _sigmoid = new();
    private readonly Tanh<float> _tanh = new();
    private readonly Swish<float> _swish = new();
    private readonly GeluTanh<float> _gelu = new();
    private NdArray<float> _x = null!;
    private NdArray<float> _dy = null!;
    private float[] _y = null!;
    private float[] _tmp = null!;
    private float[] _dx = null!;

    /// <summary>Draws the inputs and runs each layer once so buffers exist.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(42);
        _x = NdArray<float>.RandomUniform(rng, -6f, 6f, N);
        _dy = NdArray<float>.RandomNormal(rng, 0f, 1f, N);
        _y = new float[N];
        _tmp = new float[N];
        _dx = new float[N];
        _sigmoid.Forward(_x, true);
        _sigmoid.Backward(_dy);
        _tanh.Forward(_x, true);
        _swish.Forward(_x, true);
        _swish.Backward(_dy);
        _gelu.Forward(_x, true);
        _gelu.Backward(_dy);
    }

    /// <summary>Baseline: TensorPrimitives.Sigmoid.</summary>
    [Benchmark(Baseline = true)]
    public void SigmoidTensorPrimitives() => TensorPrimitives.Sigmoid(_x.Span, _y);

    /// <summary>Generated sigmoid forward.</summary>
    [Benchmark]
    public NdArray<float> SigmoidGenerated() => _sigmoid.Forward(_x, true);

    /// <summary>TensorPrimitives.Tanh.</summary>
    [Benchmark]
    public void TanhTensorPrimitives() => TensorPrimitives.Tanh(_x.Span, _y);

    /// <summary>Generated tanh forward.</summary>
    [Benchmark]
    public NdArray<float> TanhGenerated() => _tanh.Forward(_x, true);

    /// <summary>Swish from TensorPrimitives: σ(x) into a temporary, then x·σ(x) (two passes).</summary>
    [Benchmark]
    public void SwishTensorPrimitives()
    {
        TensorPrimitives.Sigmoid(_x.Span, _tmp);
        TensorPrimitives.Multiply(_x.Span, _tmp, _y);
    }

    /// <summary>Generated swish forward (one pass).</summary>
    [Benchmark]
    public NdArray<float> SwishGenerated() => _swish.Forward(_x, true);

    /// <summary>Sigmoid backward from TensorPrimitives: dy·y·(1 − y) in three passes.</summary>
    [Benchmark]
    public void SigmoidBackwardTensorPrimitives()
    {
        TensorPrimitives.Subtract(1f, _y, _tmp);
        TensorPrimitives.Multiply(_tmp, _y, _tmp);
        TensorPrimitives.Multiply(_tmp, _dy.Span, _dx);
    }

    /// <summary>Generated sigmoid backward (one pass over saved output and dy).</summary>
    [Benchmark]
    public NdArray<float> SigmoidBackwardGenerated() => _sigmoid.Backward(_dy);

    /// <summary>Generated swish backward (recomputes σ(x) from the saved input, one pass).</summary>
    [Benchmark]
    public NdArray<float> SwishBackwardGenerated() => _swish.Backward(_dy);

    /// <summary>Generated GELU (tanh approximation) forward.</summary>
    [Benchmark]
    public NdArray<float> GeluTanhGenerated() => _gelu.Forward(_x, true);

    /// <summary>Generated GELU (tanh approximation) backward.</summary>
    [Benchmark]
    public NdArray<float> GeluTanhBackwardGenerated() => _gelu.Backward(_dy);
}
