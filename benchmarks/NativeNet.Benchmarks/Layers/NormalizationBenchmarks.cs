using BenchmarkDotNet.Attributes;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Layers;

/// <summary>BatchNorm and LayerNorm over 500 features on a batch of 100 (cifar-bn's hidden layer).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class NormalizationBenchmarks
{
    private BatchNorm<float> _batchNorm = null!;
    private LayerNorm<float> _layerNorm = null!;
    private NdArray<float> _input = null!, _gradOutput = null!;

    /// <summary>Builds the layers and warms their buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(2);
        _batchNorm = new BatchNorm<float>(500);
        _layerNorm = new LayerNorm<float>(500);
        _input = NdArray<float>.RandomNormal(rng, 1f, 2f, 100, 500);
        _gradOutput = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 500);
        _batchNorm.Forward(_input, true);
        _batchNorm.Backward(_gradOutput);
        _layerNorm.Forward(_input, true);
        _layerNorm.Backward(_gradOutput);
    }

    /// <summary>Batch statistics, running-average update, normalize-scale-shift.</summary>
    [Benchmark]
    public NdArray<float> BatchNormForwardTraining() => _batchNorm.Forward(_input, true);

    /// <summary>Running statistics: one pass.</summary>
    [Benchmark]
    public NdArray<float> BatchNormForwardEvaluation() => _batchNorm.Forward(_input, false);

    /// <summary>dγ, dβ and dx after the training forward made in setup.</summary>
    [Benchmark]
    public NdArray<float> BatchNormBackward() => _batchNorm.Backward(_gradOutput);

    /// <summary>Per-sample statistics and affine.</summary>
    [Benchmark]
    public NdArray<float> LayerNormForward() => _layerNorm.Forward(_input, true);

    /// <summary>dγ, dβ and dx.</summary>
    [Benchmark]
    public NdArray<float> LayerNormBackward() => _layerNorm.Backward(_gradOutput);
}
