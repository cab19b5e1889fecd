using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Layers;

/// <summary>
/// BatchNorm (alone and with its ReLU fused) and LayerNorm over 500 features on a batch of 100 (cifar-bn's hidden
/// layer), on <see cref="Parallelism.ThreadCount"/> threads (all cores unless set).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class NormalizationBenchmarks
{
    private BatchNorm<float> _batchNorm = null!, _batchNormRelu = null!;
    private LayerNorm<float> _layerNorm = null!;
    private NdArray<float> _input = null!, _gradOutput = null!, _reference = null!;
    private float[] _mean = null!, _variance = null!, _gamma = null!, _beta = null!;

    /// <summary>Builds the layers and warms their buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(2);
        _batchNorm = new BatchNorm<float>(500);
        _batchNormRelu = new BatchNorm<float>(500, activation: new Relu<float>());
        _layerNorm = new LayerNorm<float>(500);
        _input = NdArray<float>.RandomNormal(rng, 1f, 2f, 100, 500);
        _gradOutput = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 500);
        _batchNorm.Forward(_input, true);
        _batchNorm.Backward(_gradOutput);
        _batchNormRelu.Forward(_input, true);
        _batchNormRelu.Backward(_gradOutput);
        _layerNorm.Forward(_input, true);
        _layerNorm.Backward(_gradOutput);
        _reference = new NdArray<float>(100, 500);
        _mean = new float[500];
        _variance = new float[500];
        _gamma = Enumerable.Repeat(1f, 500).ToArray();
        _beta = new float[500];
    }

    /// <summary>
    /// Reference for the fused forward: the textbook four passes (mean, variance, normalize, scale-shift), each a
    /// vectorized TensorPrimitives call per row. Measured in the same run so the ratio survives a loaded machine.
    /// </summary>
    [Benchmark(Baseline = true)]
    public NdArray<float> BatchNormForwardFourPasses()
    {
        int n = 100, d = 500;
        Span<float> x = _input.Span, y = _reference.Span;
        Array.Clear(_mean);
        Array.Clear(_variance);
        for (int r = 0; r < n; r++) TensorPrimitives.Add(_mean, x.Slice(r * d, d), _mean);
        TensorPrimitives.Divide(_mean, n, _mean);
        for (int r = 0; r < n; r++)
        {
            Span<float> row = y.Slice(r * d, d);
            TensorPrimitives.Subtract(x.Slice(r * d, d), _mean, row);
            TensorPrimitives.FusedMultiplyAdd(row, row, _variance, _variance);
        }
        TensorPrimitives.Divide(_variance, n, _variance);
        TensorPrimitives.Add(_variance, 1e-5f, _variance);
        TensorPrimitives.ReciprocalSqrt(_variance, _variance);
        for (int r = 0; r < n; r++)
        {
            Span<float> row = y.Slice(r * d, d);
            TensorPrimitives.Subtract(x.Slice(r * d, d), _mean, row);
            TensorPrimitives.Multiply(row, _variance, row);
        }
        for (int r = 0; r < n; r++)
        {
            Span<float> row = y.Slice(r * d, d);
            TensorPrimitives.FusedMultiplyAdd(row, _gamma, _beta, row);
        }
        return _reference;
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

    /// <summary>The training forward with the ReLU applied in the normalize pass (cifar-bn's bn + relu).</summary>
    [Benchmark]
    public NdArray<float> BatchNormReluForwardTraining() => _batchNormRelu.Forward(_input, true);

    /// <summary>The backward through the fused ReLU: dz = dy·[y &gt; 0] inside the sums pass.</summary>
    [Benchmark]
    public NdArray<float> BatchNormReluBackward() => _batchNormRelu.Backward(_gradOutput);

    /// <summary>Per-sample statistics and affine.</summary>
    [Benchmark]
    public NdArray<float> LayerNormForward() => _layerNorm.Forward(_input, true);

    /// <summary>dγ, dβ and dx.</summary>
    [Benchmark]
    public NdArray<float> LayerNormBackward() => _layerNorm.Backward(_gradOutput);
}
