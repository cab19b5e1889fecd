using BenchmarkDotNet.Attributes;
using NativeNet.Losses;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Layers;

/// <summary>Losses with their gradients on cifar-sized outputs: 100 samples × 10 classes.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class LossBenchmarks
{
    private readonly SoftmaxCrossEntropyLoss<float> _crossEntropy = new();
    private readonly MulticlassHingeLoss<float> _hinge = new();
    private readonly MeanSquaredErrorLoss<float> _mse = new();
    private readonly BinaryCrossEntropyWithLogitsLoss<float> _bce = new();
    private NdArray<float> _scores = null!, _targets = null!;
    private int[] _labels = null!;

    /// <summary>Draws scores, labels and targets, and warms the gradient buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(5);
        _scores = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 10);
        _targets = NdArray<float>.RandomUniform(rng, 0f, 1f, 100, 10);
        _labels = new int[100];
        for (int i = 0; i < _labels.Length; i++) _labels[i] = rng.NextInt(10);
        SoftmaxCrossEntropy();
        MulticlassHinge();
        MeanSquaredError();
        BinaryCrossEntropyWithLogits();
    }

    /// <summary>Log-sum-exp cross-entropy and its gradient.</summary>
    [Benchmark]
    public float SoftmaxCrossEntropy() => _crossEntropy.Compute(_scores, _labels).Loss;

    /// <summary>cs231n SVM loss and its gradient.</summary>
    [Benchmark]
    public float MulticlassHinge() => _hinge.Compute(_scores, _labels).Loss;

    /// <summary>Mean squared error and its gradient.</summary>
    [Benchmark]
    public float MeanSquaredError() => _mse.Compute(_scores, _targets).Loss;

    /// <summary>Stable binary cross-entropy with logits and its gradient.</summary>
    [Benchmark]
    public float BinaryCrossEntropyWithLogits() => _bce.Compute(_scores, _targets).Loss;
}
