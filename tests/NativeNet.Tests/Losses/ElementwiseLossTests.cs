using NativeNet.Diagnostics;
using NativeNet.Losses;
using NativeNet.Tensors;
using NativeNet.Tests.Layers;

namespace NativeNet.Tests.Losses;

public class ElementwiseLossTests
{
    [Fact]
    public void MeanSquaredErrorMatchesHandComputation()
    {
        var p = NdArray<double>.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var t = NdArray<double>.FromArray(new double[,] { { 0, 2 }, { 5, 4 } });
        var (loss, gradient) = new MeanSquaredErrorLoss<double>().Compute(p, t);
        Assert.Equal((1 + 0 + 4 + 0) / 4.0, loss, 14);
        Assert.Equal(new[] { 2 * 1 / 4.0, 0, 2 * -2 / 4.0, 0 }, gradient.ToArray());
    }

    [Fact]
    public void BinaryCrossEntropyMatchesHandComputationAndIsStable()
    {
        var x = NdArray<double>.FromArray(new double[,] { { 0.5, -1.5 } });
        var t = NdArray<double>.FromArray(new double[,] { { 1, 0.25 } });
        var (loss, gradient) = new BinaryCrossEntropyWithLogitsLoss<double>().Compute(x, t);
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        double expected = (-Math.Log(Sigmoid(0.5)) - (0.25 * Math.Log(Sigmoid(-1.5)) + 0.75 * Math.Log(1 - Sigmoid(-1.5)))) / 2;
        Assert.Equal(expected, loss, 12);
        Assert.Equal((Sigmoid(-1.5) - 0.25) / 2, gradient[0, 1], 12);

        var big = NdArray<float>.FromArray(new float[,] { { 100f, -100f, 1e4f, -1e4f } });
        var bigTargets = NdArray<float>.FromArray(new float[,] { { 0f, 0f, 1f, 1f } });
        var (bigLoss, bigGradient) = new BinaryCrossEntropyWithLogitsLoss<float>().Compute(big, bigTargets);
        Assert.Equal((100f + 0f + 0f + 1e4f) / 4, bigLoss, 0.01f);
        Assert.True(bigGradient.IsAllFinite());
        Assert.Equal(0.25f, bigGradient[0, 0], 6);
        Assert.Equal(-0.25f, bigGradient[0, 3], 6);
    }

    [Fact]
    public void GradientChecks()
    {
        var rng = new Rng(1);
        var p = NdArray<double>.RandomNormal(rng, 0.0, 2.0, 4, 5);
        var t = NdArray<double>.RandomUniform(rng, 0.0, 1.0, 4, 5);
        foreach (ElementwiseLoss<double> loss in new ElementwiseLoss<double>[] { new MeanSquaredErrorLoss<double>(), new BinaryCrossEntropyWithLogitsLoss<double>() })
        {
            var analytic = loss.Compute(p, t).Gradient.Clone();
            var numeric = GradientCheck.NumericalGradient(x => loss.Compute(x, t).Loss, p);
            Assert.True(GradientCheck.RelativeError(analytic, numeric) < 1e-7, loss.ToString());
        }
    }

    [Fact]
    public void ShapeMismatchNamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MeanSquaredErrorLoss<float>().Compute(NdArray<float>.Zeros(4, 2), NdArray<float>.Zeros(4, 3)));
        Assert.Contains("(4, 2)", ex.Message);
        Assert.Contains("(4, 3)", ex.Message);
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var p = NdArray<float>.RandomNormal(new Rng(2), 0f, 1f, 16, 10);
        var t = NdArray<float>.RandomUniform(new Rng(3), 0f, 1f, 16, 10);
        var mse = new MeanSquaredErrorLoss<float>();
        var bce = new BinaryCrossEntropyWithLogitsLoss<float>();
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { mse.Compute(p, t); bce.Compute(p, t); }));
    }
}
