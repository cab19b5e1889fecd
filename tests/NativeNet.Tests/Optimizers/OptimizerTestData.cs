using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Optimizers;

/// <summary>Deterministic parameters, gradients and tolerances shared by the optimizer tests.</summary>
internal static class OptimizerTestData
{
    /// <summary>
    /// 37 = 4·8 + 5: exercises the 512-bit loop (8 doubles) and the scalar tail. The 256-bit loop runs only on ranges
    /// shorter than one 512-bit vector (or without AVX-512); <see cref="VectorWidthTests"/> covers it.
    /// </summary>
    public const int Length = 37;

    public const double Tolerance = 1e-12;

    /// <summary>Values with magnitudes in [0.5, 1.5) and random signs, so relative comparisons never divide by ~0.</summary>
    public static double[] Values(Rng rng, int n)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = (rng.NextDouble() < 0.5 ? -1 : 1) * (0.5 + rng.NextDouble());
        return values;
    }

    public static Parameter<double> Parameter(string name, double[] value, bool isWeight = true) =>
        new(name, NdArray<double>.FromArray(value), isWeight);

    /// <summary>A gradient sequence: grads[step][i].</summary>
    public static double[][] Gradients(Rng rng, int steps, int n)
    {
        var grads = new double[steps][];
        for (int s = 0; s < steps; s++) grads[s] = Values(rng, n);
        return grads;
    }

    public static void SetGrad(Parameter<double> p, double[] g) => g.AsSpan().CopyTo(p.Grad.Span);

    /// <summary>Puts an optimizer in a given state: step count and the listed state tensors (others keep their values).</summary>
    public static void StartFrom(Optimizer<double> optimizer, long step, params (string Key, double[] Values)[] tensors)
    {
        var exported = optimizer.ExportState();
        var state = new Dictionary<string, NdArray<double>>(exported.Tensors);
        foreach (var (key, values) in tensors)
        {
            Assert.True(state.ContainsKey(key), $"No state '{key}'.");
            state[key] = NdArray<double>.FromArray(values);
        }
        optimizer.ImportState(new OptimizerState<double>(state, new Dictionary<string, double> { ["step"] = step }));
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), 1e-300);
            Assert.True(error <= tolerance, $"Element {i}: expected {expected[i]:R}, got {actual[i]:R} (relative error {error:E2}).");
        }
    }

    public static void AssertBitIdentical(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"Element {i}: {expected[i]:R} vs {actual[i]:R}.");
    }
}
