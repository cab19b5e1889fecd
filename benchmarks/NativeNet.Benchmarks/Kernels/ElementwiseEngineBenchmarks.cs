using BenchmarkDotNet.Attributes;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Kernels;

/// <summary>
/// The elementwise engine's operators on 64K floats (L2-resident) at each vector width it can run: the generated
/// operators of ReLU, swish and exact GELU, forward (y = f(x)) and backward (dx = dy·f′), and an optimizer kernel
/// (Adam). Width 0 is the scalar lanes. Elements per nanosecond = 65536 / mean.
/// Run: <c>dotnet run -c Release --project benchmarks/NativeNet.Benchmarks -- --filter '*ElementwiseEngineBenchmarks*'</c>.
/// </summary>
public class ElementwiseEngineBenchmarks
{
    private const int N = 1 << 16;
    private readonly float[] _x = new float[N];
    private readonly float[] _dy = new float[N];
    private readonly float[] _y = new float[N];
    private Adam<float> _adam = null!;

    /// <summary>The widest width the engine uses (512, 256, 128, or 0 for scalar lanes); widths the CPU lacks are skipped.</summary>
    [ParamsSource(nameof(AvailableWidths))]
    public int Width { get; set; }

    /// <summary>The widths this machine runs.</summary>
    public static IEnumerable<int> AvailableWidths() => new[] { 512, 256, 128, 0 }.Where(w => w <= VectorWidth.HardwareBits);

    /// <summary>Draws inputs in [−6, 6] and sets the width cap.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < N; i++)
        {
            _x[i] = (float)(random.NextDouble() * 12 - 6);
            _dy[i] = (float)(random.NextDouble() * 2 - 1);
        }
        VectorWidth.MaxBits = Width;
        var weight = new Parameter<float>("w", NdArray<float>.FromArray(_x.ToArray()));
        weight.Grad.Span.Fill(0.01f);
        _adam = new Adam<float>([weight], learningRate: 1e-3);
    }

    /// <summary>Restores the default width.</summary>
    [GlobalCleanup]
    public void Cleanup() => VectorWidth.MaxBits = VectorWidth.HardwareBits;

    /// <summary>ReLU forward.</summary>
    [Benchmark(Baseline = true)]
    public void ReluForward() => Elementwise.Map(_x, _y, new Relu<float>.Function());

    /// <summary>ReLU backward from the saved input.</summary>
    [Benchmark]
    public void ReluBackward() => Elementwise.Map(_x, _dy, _y, new Relu<float>.Derivative());

    /// <summary>Swish forward: one exponential and a division.</summary>
    [Benchmark]
    public void SwishForward() => Elementwise.Map(_x, _y, new Swish<float>.Function());

    /// <summary>Swish backward, recomputing σ(x).</summary>
    [Benchmark]
    public void SwishBackward() => Elementwise.Map(_x, _dy, _y, new Swish<float>.Derivative());

    /// <summary>Exact GELU forward: erf computed in float.</summary>
    [Benchmark]
    public void GeluForward() => Elementwise.Map(_x, _y, new Gelu<float>.Function());

    /// <summary>Exact GELU backward: erf and its Gaussian from one exponential.</summary>
    [Benchmark]
    public void GeluBackward() => Elementwise.Map(_x, _dy, _y, new Gelu<float>.Derivative());

    /// <summary>One Adam step over the 64K parameters (three arrays read, three written).</summary>
    [Benchmark]
    public void AdamStep() => _adam.Step();
}
