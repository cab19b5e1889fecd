using NativeNet.Cli.Optimizers;
using NativeNet.Optimizers;
using NativeNet.Playground;

namespace NativeNet.Tests.Playground;

public class PlaygroundRunTests
{
    private const double Lr = 1e-3;

    /// <summary>
    /// A few steps of each optimizer, as the playground command builds it, on Rosenbrock from (−1.2, 1), against the
    /// published update rule written out here.
    /// </summary>
    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("adagrad")]
    public void FewStepsOnRosenbrockFollowTheUpdateRule(string optimizer)
    {
        const int steps = 5;
        const double weightDecay = 0.1, mu = 0.9;
        double decay = optimizer == "adamw" ? weightDecay : 0;
        var objective = new RosenbrockObjective();
        var run = new PlaygroundRun(objective, p => OptimizerCatalog.Create(optimizer, p, Lr, momentum: null, weightDecay: decay)) { Tolerance = 0 };
        var result = run.Run([-1.2, 1.0], steps);

        double[] w = [-1.2, 1.0];
        double[] v = new double[2], s = new double[2], m = new double[2];
        var g = new double[2];
        for (int t = 1; t <= steps; t++)
        {
            objective.Gradient(w, g);
            for (int i = 0; i < 2; i++)
            {
                switch (optimizer)
                {
                    case "sgd":
                        w[i] -= Lr * g[i];
                        break;
                    case "momentum":
                        v[i] = mu * v[i] - Lr * g[i];
                        w[i] += v[i];
                        break;
                    case "nesterov":
                        double previous = v[i];
                        v[i] = mu * v[i] - Lr * g[i];
                        w[i] += -mu * previous + (1 + mu) * v[i];
                        break;
                    case "rmsprop":
                        s[i] = 0.99 * s[i] + 0.01 * g[i] * g[i];
                        w[i] -= Lr * g[i] / (Math.Sqrt(s[i]) + 1e-8);
                        break;
                    case "adam":
                    case "adamw":
                        w[i] -= Lr * decay * w[i];
                        m[i] = 0.9 * m[i] + 0.1 * g[i];
                        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                        double mHat = m[i] / (1 - Math.Pow(0.9, t)), vHat = v[i] / (1 - Math.Pow(0.999, t));
                        w[i] -= Lr * mHat / (Math.Sqrt(vHat) + 1e-8);
                        break;
                    case "adagrad":
                        s[i] += g[i] * g[i];
                        w[i] -= Lr * g[i] / (Math.Sqrt(s[i]) + 1e-10);
                        break;
                }
            }
            double[] recorded = result.Point(t);
            for (int i = 0; i < 2; i++)
                Assert.True(Math.Abs(recorded[i] - w[i]) <= 1e-12 * Math.Max(1, Math.Abs(w[i])), $"{optimizer} step {t} coordinate {i}: {recorded[i]} vs {w[i]}");
        }
        Assert.Equal(steps, result.StepsTaken);
        Assert.Equal(objective.Value(w), result.FinalValue, 12);
    }

    [Fact]
    public void RecordsStartValuesErrorsAndStepsToTolerance()
    {
        // Gradient descent with η = 1 on ½(x² + 0.5y²) halves y every step and zeroes x at once: error 0.5^k.
        var objective = new DiagonalQuadraticObjective([1.0, 0.5]);
        var run = new PlaygroundRun(objective, p => new Sgd<double>(p, 1.0)) { Tolerance = 1e-3 };
        var result = run.Run([1.0, 1.0], 20);
        Assert.Equal(21, result.RecordCount);
        Assert.Equal([1.0, 1.0], result.Point(0));
        Assert.Equal(Math.Sqrt(2), result.Errors[0], 15);
        Assert.Equal(0.75, result.Values[0], 15);
        for (int k = 1; k <= 20; k++) Assert.Equal(Math.Pow(0.5, k), result.Errors[k], 15);
        Assert.Equal(10, result.StepsToTolerance); // 0.5^10 < 1e-3 < 0.5^9
        Assert.False(result.Diverged);
        Assert.Equal(20, result.StepsTaken);
    }

    [Fact]
    public void RecordEveryKeepsStartEndAndToleranceStep()
    {
        var run = new PlaygroundRun(new DiagonalQuadraticObjective([1.0, 0.5]), p => new Sgd<double>(p, 1.0)) { Tolerance = 1e-3, RecordEvery = 7 };
        var result = run.Run([1.0, 1.0], 20);
        Assert.Equal([0, 7, 10, 14, 20], result.Steps);
    }

    [Fact]
    public void OverflowIsReportedAsDivergenceAtItsStep()
    {
        var objective = new RosenbrockObjective();
        var run = new PlaygroundRun(objective, p => new Sgd<double>(p, 0.01));
        var result = run.Run([-1.5, 2.0], 1000);
        Assert.True(result.Diverged);
        Assert.NotNull(result.Divergence);
        int k = result.DivergedAtStep!.Value;
        Assert.Equal(k - 1, result.StepsTaken);
        Assert.True(k < 20, $"diverged only at step {k}");
        Assert.All(result.Points, p => Assert.True(double.IsFinite(p)));
        Assert.All(result.Values, p => Assert.True(double.IsFinite(p)));
        Assert.Equal(result.StepsTaken, result.Steps[^1]);

        // Replaying the finite steps by hand reaches the same last point, and one more step is not finite.
        double[] w = [-1.5, 2.0];
        var g = new double[2];
        for (int t = 1; t <= result.StepsTaken; t++)
        {
            objective.Gradient(w, g);
            w[0] -= 0.01 * g[0];
            w[1] -= 0.01 * g[1];
        }
        Assert.Equal(w, result.FinalPoint);
        objective.Gradient(w, g);
        bool next = double.IsFinite(g[0]) && double.IsFinite(g[1]) && double.IsFinite(objective.Value([w[0] - 0.01 * g[0], w[1] - 0.01 * g[1]]));
        Assert.False(next);
    }

    [Fact]
    public void StochasticRunsAreReproducibleAndDecayConverges()
    {
        var objective = StochasticMeanObjective.Generate(100, 2, new NativeNet.Tensors.Rng(1));
        // With η₀ = 0.5 and δ = 1, step k uses η = 1/(2k), so y_k is exactly the running mean of the k samples drawn.
        PlaygroundResult Run(ulong seed, double decay) =>
            new PlaygroundRun(objective, p => new Sgd<double>(p, 0.5)) { Seed = seed, LearningRateDecay = decay }.Run([-2.0, -2.0], 20000);
        var a = Run(9, 0);
        Assert.Equal(a.Points, Run(9, 0).Points);
        Assert.NotEqual(a.FinalPoint, Run(10, 0).FinalPoint);
        // A constant rate jitters around the mean (η = 0.5 jumps onto the last sample); 1/t decay closes in on it.
        var decayed = Run(9, 1.0);
        Assert.True(decayed.FinalError < 0.05, $"decayed error {decayed.FinalError}");
        Assert.True(decayed.FinalError < a.FinalError, $"decayed {decayed.FinalError} vs constant {a.FinalError}");
    }

    [Fact]
    public void LearningRateDecayFollowsInverseTime()
    {
        // Gradient 1·x on ½x²: with SGD the factor of step k is (1 − η₀/(1 + δ(k−1))).
        var run = new PlaygroundRun(new DiagonalQuadraticObjective([1.0]), p => new Sgd<double>(p, 0.5)) { LearningRateDecay = 0.5 };
        var result = run.Run([1.0], 3);
        double x = 1.0;
        for (int k = 1; k <= 3; k++)
        {
            x *= 1 - 0.5 / (1 + 0.5 * (k - 1));
            Assert.Equal(x, result.Point(k)[0], 15);
        }
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var run = new PlaygroundRun(new RosenbrockObjective(), p => new Sgd<double>(p, 0.01));
        Assert.Contains("2 coordinates", Assert.Throws<ArgumentException>(() => run.Run([1.0], 10)).Message);
        Assert.Throws<ArgumentException>(() => run.Run([double.NaN, 1.0], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.Run([1.0, 1.0], -1));
        var foreign = new PlaygroundRun(new RosenbrockObjective(), _ => new Sgd<double>([new NativeNet.Layers.Parameter<double>("w", NativeNet.Tensors.NdArray<double>.Zeros(2))], 0.1));
        Assert.Throws<InvalidOperationException>(() => foreign.Run([1.0, 1.0], 1));
    }
}
