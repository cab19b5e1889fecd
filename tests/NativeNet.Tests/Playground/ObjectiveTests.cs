using NativeNet.Diagnostics;
using NativeNet.Playground;
using NativeNet.Tensors;

namespace NativeNet.Tests.Playground;

public class ObjectiveTests
{
    public static TheoryData<string> Names => ["rosenbrock", "quadratic", "rotated-quadratic", "beale", "himmelblau", "diagonal", "mean"];

    private static IObjective Create(string name) => name switch
    {
        "rosenbrock" => new RosenbrockObjective(),
        "quadratic" => new AxisAlignedQuadraticObjective(),
        "rotated-quadratic" => new RotatedQuadraticObjective(),
        "beale" => new BealeObjective(),
        "himmelblau" => new HimmelblauObjective(),
        "diagonal" => new DiagonalQuadraticObjective([3.0, 0.5, 0.01]),
        "mean" => StochasticMeanObjective.Generate(50, 2, new Rng(7)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMatchesCentralDifferences(string name)
    {
        var objective = Create(name);
        var rng = new Rng(11);
        var region = objective.Region;
        for (int trial = 0; trial < 20; trial++)
        {
            var x = new NdArray<double>(objective.Dimension);
            for (int j = 0; j < x.Length; j++)
                x[j] = j == 0 ? region.XMin + (region.XMax - region.XMin) * rng.NextDouble()
                     : j == 1 ? region.YMin + (region.YMax - region.YMin) * rng.NextDouble()
                     : -2 + 4 * rng.NextDouble();
            var numeric = GradientCheck.NumericalGradient(p => objective.Value(p.Span), x);
            var exact = new NdArray<double>(objective.Dimension);
            objective.Gradient(x.Span, exact.Span);
            double error = GradientCheck.RelativeError(exact, numeric);
            Assert.True(error <= 1e-7, $"{name} at ({string.Join(", ", x.ToArray())}): relative error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MinimizersHaveTheMinimumValueAndZeroGradient(string name)
    {
        var objective = Create(name);
        var gradient = new double[objective.Dimension];
        foreach (var m in objective.Minimizers)
        {
            Assert.Equal(objective.MinimumValue, objective.Value(m), 12);
            objective.Gradient(m, gradient);
            foreach (double g in gradient) Assert.True(Math.Abs(g) < 1e-12, $"{name}: gradient {g} at a minimizer");
        }
        // A nearby point is worse: the listed points are minima, not saddles or maxima.
        foreach (var m in objective.Minimizers)
            foreach (double dx in new[] { -1e-3, 1e-3 })
            {
                var p = (double[])m.Clone();
                p[0] += dx;
                Assert.True(objective.Value(p) > objective.MinimumValue);
            }
    }

    [Fact]
    public void PublishedValues()
    {
        Assert.Equal(0.0, new RosenbrockObjective().Value([1.0, 1.0]));
        Assert.Equal(24.2, new RosenbrockObjective().Value([-1.2, 1.0]), 12);
        Assert.Equal(14.203125, new BealeObjective().Value([0.0, 0.0]), 12);
        Assert.Equal(170.0, new HimmelblauObjective().Value([0.0, 0.0]), 12);
        Assert.Equal(1.0 + 0.1 * 4, new AxisAlignedQuadraticObjective().Value([1.0, 2.0]), 12);
        Assert.Equal(0.5 * (1 + 0.1 * 9), new RotatedQuadraticObjective().Value([1.0, 2.0]), 12);
        Assert.Equal(0.5 * (3 * 4 + 0.5 * 1), new DiagonalQuadraticObjective([3.0, 0.5]).Value([2.0, -1.0]), 12);
        Assert.Equal(100.0, new DiagonalQuadraticObjective([100.0, 1.0]).ConditionNumber);
    }

    [Fact]
    public void StochasticMeanHasTheDataMeanAsMinimizerAndUnbiasedSamples()
    {
        var objective = new StochasticMeanObjective([1.0, 2.0, 3.0, 6.0, 5.0, 1.0], 2);
        Assert.Equal(3, objective.Count);
        Assert.Equal([3.0, 3.0], objective.Minimizers[0]);
        // Variance: ((4+1) + (0+9) + (4+4)) / 3.
        Assert.Equal(22.0 / 3.0, objective.MinimumValue, 12);
        Assert.Equal(22.0 / 3.0 + 1.0 + 4.0, objective.Value([4.0, 1.0]), 12);

        // Sampled gradients are 2(y − x_i) for data points only, and average to the exact gradient.
        var rng = new Rng(3);
        var sample = new double[2];
        var sum = new double[2];
        const int draws = 30000;
        for (int k = 0; k < draws; k++)
        {
            objective.SampleGradient([0.0, 0.0], sample, rng);
            Assert.Contains((sample[0], sample[1]), new[] { (-2.0, -4.0), (-6.0, -12.0), (-10.0, -2.0) });
            sum[0] += sample[0];
            sum[1] += sample[1];
        }
        var exact = new double[2];
        objective.Gradient([0.0, 0.0], exact);
        Assert.Equal(exact[0], sum[0] / draws, 1);
        Assert.Equal(exact[1], sum[1] / draws, 1);
    }

    [Fact]
    public void StochasticMeanIsReproducibleForASeed()
    {
        var a = StochasticMeanObjective.Generate(20, 3, new Rng(5));
        var b = StochasticMeanObjective.Generate(20, 3, new Rng(5));
        var c = StochasticMeanObjective.Generate(20, 3, new Rng(6));
        Assert.Equal(a.Minimizers[0], b.Minimizers[0]);
        Assert.NotEqual(a.Minimizers[0], c.Minimizers[0]);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new RosenbrockObjective().Value([1.0, 2.0, 3.0]));
        Assert.Contains("2 coordinates, got 3", e.Message);
        Assert.Throws<ArgumentException>(() => new RosenbrockObjective().Gradient([1.0, 2.0], new double[3]));
        Assert.Contains("Singular value 1", Assert.Throws<ArgumentException>(() => new DiagonalQuadraticObjective([1.0, -1.0])).Message);
        Assert.Throws<ArgumentException>(() => new DiagonalQuadraticObjective([]));
        Assert.Throws<ArgumentException>(() => new StochasticMeanObjective([1.0, 2.0, 3.0], 2));
        Assert.Contains("point 1", Assert.Throws<ArgumentException>(() => new StochasticMeanObjective([1.0, 2.0, double.NaN, 0.0], 2)).Message);
    }
}
