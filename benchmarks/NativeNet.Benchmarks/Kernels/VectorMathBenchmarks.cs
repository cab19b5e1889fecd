using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NativeNet.Kernels;

namespace NativeNet.Benchmarks.Kernels;

/// <summary>
/// Float transcendental throughput at 256 bits on 4096 elements in [−6, 6] (L1-resident): the float-computed
/// VectorMath Exp, Log and Erf against the runtime's Vector256 Exp and Log (which widen float to double) and against
/// erf evaluated in double and narrowed (the former float erf). Elements per nanosecond = 4096 / mean.
/// Run: <c>dotnet run -c Release --project benchmarks/NativeNet.Benchmarks -- --filter '*VectorMathBenchmarks*'</c>.
/// </summary>
public class VectorMathBenchmarks
{
    private const int N = 4096;
    private readonly float[] _x = new float[N];
    private readonly float[] _y = new float[N];

    /// <summary>Draws the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < N; i++) _x[i] = (float)(random.NextDouble() * 12 - 6);
    }

    /// <summary>The runtime's Vector256.Exp on float lanes.</summary>
    [Benchmark(Baseline = true)]
    public void ExpRuntime()
    {
        for (int i = 0; i < N; i += 8) Vector256.Exp(Vector256.Create(_x.AsSpan(i, 8))).CopyTo(_y.AsSpan(i));
    }

    /// <summary>VectorMath.Exp computed in float.</summary>
    [Benchmark]
    public void ExpSingle()
    {
        for (int i = 0; i < N; i += 8)
            VectorMath.Exp<float, VectorLanes256<float>, Vector256<float>>(Vector256.Create(_x.AsSpan(i, 8))).CopyTo(_y.AsSpan(i));
    }

    /// <summary>The runtime's Vector256.Log on float lanes (of |x|).</summary>
    [Benchmark]
    public void LogRuntime()
    {
        for (int i = 0; i < N; i += 8) Vector256.Log(Vector256.Abs(Vector256.Create(_x.AsSpan(i, 8)))).CopyTo(_y.AsSpan(i));
    }

    /// <summary>VectorMath.Log computed in float (of |x|).</summary>
    [Benchmark]
    public void LogSingle()
    {
        for (int i = 0; i < N; i += 8)
            VectorMath.Log<float, VectorLanes256<float>, Vector256<float>>(Vector256.Abs(Vector256.Create(_x.AsSpan(i, 8)))).CopyTo(_y.AsSpan(i));
    }

    /// <summary>Erf widened to double lanes, evaluated by the double kernel and narrowed (the former float path).</summary>
    [Benchmark]
    public void ErfWidened()
    {
        for (int i = 0; i < N; i += 8)
        {
            (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.Create(_x.AsSpan(i, 8)));
            Vector256.Narrow(VectorMath.Erf(lower), VectorMath.Erf(upper)).CopyTo(_y.AsSpan(i));
        }
    }

    /// <summary>VectorMath.Erf computed in float.</summary>
    [Benchmark]
    public void ErfSingle()
    {
        for (int i = 0; i < N; i += 8) VectorMath.Erf(Vector256.Create(_x.AsSpan(i, 8))).CopyTo(_y.AsSpan(i));
    }
}
