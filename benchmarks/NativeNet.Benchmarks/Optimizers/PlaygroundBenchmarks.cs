using BenchmarkDotNet.Attributes;
using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Benchmarks.Optimizers;

/// <summary>
/// The optimizer playground's workload: 10⁵ steps on a 2-element point of the Rosenbrock function, the gradient filled
/// by the caller each step. Shows the per-step overhead of the optimizer classes on tiny parameters (scalar tail only).
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/NativeNet.Benchmarks -- --filter '*PlaygroundBenchmarks*'</c>.</remarks>
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(10)]
public class PlaygroundBenchmarks
{
    private const int Steps = 100_000;

    private Parameter<double> _point = null!;
    private Optimizer<double> _optimizer = null!;

    /// <summary>The update rule.</summary>
    [Params("Sgd", "Momentum", "Adam")]
    public string Rule { get; set; } = "";

    /// <summary>Creates the point and the optimizer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _point = new Parameter<double>("point", NdArray<double>.FromArray(new[] { -1.5, 2.0 }));
        _optimizer = Rule switch
        {
            "Sgd" => new Sgd<double>([_point], 1e-4),
            "Momentum" => new Momentum<double>([_point], 1e-4, nesterov: true),
            _ => new Adam<double>([_point], 1e-3),
        };
    }

    /// <summary>10⁵ gradient evaluations and optimizer steps from (−1.5, 2).</summary>
    [Benchmark]
    public double HundredThousandSteps()
    {
        var value = _point.Value;
        var grad = _point.Grad;
        value[0] = -1.5;
        value[1] = 2.0;
        for (int s = 0; s < Steps; s++)
        {
            // f(x, y) = (1 − x)² + 100(y − x²)²
            double x = value[0], y = value[1];
            grad[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            grad[1] = 200 * (y - x * x);
            _optimizer.Step();
        }
        return value[0];
    }
}
