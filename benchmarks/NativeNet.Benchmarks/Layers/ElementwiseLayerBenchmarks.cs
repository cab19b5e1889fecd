using BenchmarkDotNet.Attributes;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Layers;

/// <summary>Dropout, Softmax and Flatten on a batch of 100 × 500 features.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ElementwiseLayerBenchmarks
{
    private Dropout<float> _dropout = null!;
    private Softmax<float> _softmax = null!;
    private Flatten<float> _flatten = null!;
    private NdArray<float> _input = null!, _gradOutput = null!, _image = null!;

    /// <summary>Builds the layers and warms their buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(3);
        _dropout = Dropout<float>.WithDropProbability(0.5, new Rng(4));
        _softmax = new Softmax<float>();
        _flatten = new Flatten<float>();
        _input = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 500);
        _gradOutput = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 500);
        _image = NdArray<float>.RandomNormal(rng, 0f, 1f, 100, 3, 32, 32);
        _dropout.Forward(_input, true);
        _dropout.Backward(_gradOutput);
        _softmax.Forward(_input, true);
        _softmax.Backward(_gradOutput);
        _flatten.Forward(_image, true);
    }

    /// <summary>Draws a mask and applies it.</summary>
    [Benchmark]
    public NdArray<float> DropoutForward() => _dropout.Forward(_input, true);

    /// <summary>Applies the forward mask to the gradient.</summary>
    [Benchmark]
    public NdArray<float> DropoutBackward() => _dropout.Backward(_gradOutput);

    /// <summary>Max-subtracted softmax per row.</summary>
    [Benchmark]
    public NdArray<float> SoftmaxForward() => _softmax.Forward(_input, true);

    /// <summary>y ⊙ (dy − ⟨dy, y⟩) per row.</summary>
    [Benchmark]
    public NdArray<float> SoftmaxBackward() => _softmax.Backward(_gradOutput);

    /// <summary>(100, 3, 32, 32) → (100, 3072) as a view.</summary>
    [Benchmark]
    public NdArray<float> FlattenForward() => _flatten.Forward(_image, true);
}
