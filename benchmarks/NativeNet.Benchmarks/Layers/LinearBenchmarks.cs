using BenchmarkDotNet.Attributes;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Layers;

/// <summary>Linear 3072 → 500 on a batch of 100 (the cifar-bn first layer): forward, and backward (dX plus dW, db).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class LinearBenchmarks
{
    private Linear<float> _layer = null!;
    private NdArray<float> _input = null!, _gradOutput = null!;

    /// <summary>Builds the layer and warms its buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(1);
        _layer = new Linear<float>(3072, 500, rng);
        _input = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 3072);
        _gradOutput = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 500);
        _layer.Forward(_input, true);
        _layer.Backward(_gradOutput);
    }

    /// <summary>Y = X·W + b.</summary>
    [Benchmark]
    public NdArray<float> Forward() => _layer.Forward(_input, true);

    /// <summary>dX = dY·Wᵀ, dW += Xᵀ·dY, db += Σ dY.</summary>
    [Benchmark]
    public NdArray<float> Backward() => _layer.Backward(_gradOutput);

    /// <summary>dW += Xᵀ·dY, db += Σ dY only: the first layer of a model, whose input needs no gradient.</summary>
    [Benchmark]
    public void BackwardParametersOnly() => _layer.BackwardParametersOnly(_gradOutput);
}
