using System.Numerics;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using NativeNet.Tests.Optimizers;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Kernels;

/// <summary>
/// The kernels the elementwise engine runs (optimizer rules, batch-norm passes) give the same bits at every cap on the
/// vector width, down to one element at a time: every width computes every element with the same operations.
/// </summary>
[Collection(nameof(KernelSettingsCollection))]
public class VectorWidthCapTests
{
    private static readonly int[] Widths = [512, 256, 128, 0];

    [Theory]
    [MemberData(nameof(FloatPrecisionTests.Rules), MemberType = typeof(FloatPrecisionTests))]
    public void OptimizersGiveTheSameBitsAtEveryWidth(string rule)
    {
        AssertSameAtEveryWidth(() => Train<float>(rule), $"{rule}, float");
        AssertSameAtEveryWidth(() => Train<double>(rule), $"{rule}, double");
    }

    [Fact]
    public void BatchNormGivesTheSameBitsAtEveryWidth()
    {
        AssertSameAtEveryWidth(() => NormalizeAndBack<float>(), "float");
        AssertSameAtEveryWidth(() => NormalizeAndBack<double>(), "double");
    }

    // 203 elements: whole vectors of every width and a tail at each.
    private static double[] Train<T>(string rule) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 203;
        var rng = new Rng(71);
        var p = new Parameter<T>("p", NdArray<T>.FromArray(Array.ConvertAll(Values(rng, n), x => T.CreateTruncating(x))));
        var optimizer = FloatPrecisionTests.Create(rule, p);
        foreach (double[] g in Gradients(rng, 4, n))
        {
            for (int i = 0; i < n; i++) p.Grad[i] = T.CreateTruncating(g[i]);
            optimizer.Step();
        }
        return ToDoubles(p.Value);
    }

    // 37 features: a 256-bit, a 128-bit and a scalar part in every row, in float and in double.
    private static double[] NormalizeAndBack<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int rows = 9, features = 37;
        var rng = new Rng(72);
        var layer = new BatchNorm<T>(features);
        var x = NdArray<T>.FromArray(Array.ConvertAll(Values(rng, rows * features), v => T.CreateTruncating(3 + v)), rows, features);
        var dy = NdArray<T>.FromArray(Array.ConvertAll(Values(rng, rows * features), v => T.CreateTruncating(v)), rows, features);
        double[] y = ToDoubles(layer.Forward(x, training: true));
        double[] dx = ToDoubles(layer.Backward(dy));
        return [.. y, .. dx, .. ToDoubles(layer.Gamma.Grad), .. ToDoubles(layer.RunningVariance)];
    }

    // Widening to double is exact, so equal bits there are equal bits in T.
    private static double[] ToDoubles<T>(NdArray<T> a) where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.ConvertAll(a.ToArray(), v => double.CreateTruncating(v));

    private static void AssertSameAtEveryWidth(Func<double[]> run, string what)
    {
        int saved = VectorWidth.MaxBits;
        try
        {
            VectorWidth.MaxBits = 0;
            double[] expected = run();
            foreach (int bits in Widths)
            {
                VectorWidth.MaxBits = bits;
                double[] actual = run();
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                        $"{what}, element {i}: {expected[i]:R} one at a time, {actual[i]:R} with {bits}-bit vectors.");
            }
        }
        finally
        {
            VectorWidth.MaxBits = saved;
        }
    }
}
