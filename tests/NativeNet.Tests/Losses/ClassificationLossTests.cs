using NativeNet.Diagnostics;
using NativeNet.Losses;
using NativeNet.Tensors;
using NativeNet.Tests.Layers;

namespace NativeNet.Tests.Losses;

public class ClassificationLossTests
{
    private static readonly int[] Labels = [2, 0, 4, 1];

    private static NdArray<double> NumericalLossGradient(ClassificationLoss<double> loss, NdArray<double> scores, int[] labels) =>
        GradientCheck.NumericalGradient(s => loss.Compute(s, labels).Loss, scores);

    [Fact]
    public void CrossEntropyMatchesHandComputation()
    {
        var scores = NdArray<double>.FromArray(new double[,] { { 1, 2, 3 }, { -1, 0, 1 } });
        int[] labels = [0, 2];
        var (loss, gradient) = new SoftmaxCrossEntropyLoss<double>().Compute(scores, labels);
        double z0 = Math.Exp(1) + Math.Exp(2) + Math.Exp(3), z1 = Math.Exp(-1) + 1 + Math.Exp(1);
        double expected = (-Math.Log(Math.Exp(1) / z0) - Math.Log(Math.Exp(1) / z1)) / 2;
        Assert.Equal(expected, loss, 12);
        Assert.Equal((Math.Exp(1) / z0 - 1) / 2, gradient[0, 0], 12);
        Assert.Equal(Math.Exp(2) / z0 / 2, gradient[0, 1], 12);
        Assert.Equal((Math.Exp(1) / z1 - 1) / 2, gradient[1, 2], 12);
    }

    [Fact]
    public void CrossEntropyOfSmallRandomScoresIsLogC()
    {
        var scores = NdArray<double>.RandomNormal(new Rng(1), 0.0, 1e-4, 500, 10);
        int[] labels = Enumerable.Range(0, 500).Select(i => i % 10).ToArray();
        Assert.Equal(Math.Log(10), new SoftmaxCrossEntropyLoss<double>().Compute(scores, labels).Loss, 3);
    }

    [Fact]
    public void CrossEntropyStaysFiniteForHugeFloatLogits()
    {
        var scores = NdArray<float>.FromArray(new float[,] { { 1e4f, -1e4f, 0 }, { -1e4f, 1e4f, 0 }, { 1e4f, 0, 0 } });
        var (loss, gradient) = new SoftmaxCrossEntropyLoss<float>().Compute(scores, [1, 0, 0]);
        Assert.True(float.IsFinite(loss));
        Assert.Equal((2e4f + 2e4f + 0) / 3, loss, 1f);
        Assert.True(gradient.IsAllFinite());
        Assert.Equal(-1f / 3, gradient[0, 1], 6);
    }

    [Fact]
    public void CrossEntropyGradientCheck()
    {
        var scores = NdArray<double>.RandomNormal(new Rng(2), 0.0, 2.0, 4, 5);
        var loss = new SoftmaxCrossEntropyLoss<double>();
        var analytic = loss.Compute(scores, Labels).Gradient.Clone();
        Assert.True(GradientCheck.RelativeError(analytic, NumericalLossGradient(loss, scores, Labels)) < 1e-7);
    }

    [Fact]
    public void HingeMatchesTheNaiveCs231nLoop()
    {
        var scores = NdArray<double>.RandomNormal(new Rng(3), 0.0, 1.0, 4, 5);
        var (loss, gradient) = new MulticlassHingeLoss<double>().Compute(scores, Labels);
        double expected = 0;
        var expectedGrad = new double[4, 5];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
            {
                if (j == Labels[i]) continue;
                double margin = scores[i, j] - scores[i, Labels[i]] + 1;
                if (margin > 0)
                {
                    expected += margin;
                    expectedGrad[i, j] += 1.0 / 4;
                    expectedGrad[i, Labels[i]] -= 1.0 / 4;
                }
            }
        Assert.Equal(expected / 4, loss, 12);
        Assert.Equal(NdArray<double>.FromArray(expectedGrad).ToArray(), gradient.ToArray());
    }

    [Fact]
    public void HingeGradientCheckAwayFromKinks()
    {
        var scores = NdArray<double>.RandomNormal(new Rng(4), 0.0, 1.0, 4, 5);
        var loss = new MulticlassHingeLoss<double>();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
                Assert.True(j == Labels[i] || Math.Abs(scores[i, j] - scores[i, Labels[i]] + 1) > 1e-3, "input too close to a kink");
        var analytic = loss.Compute(scores, Labels).Gradient.Clone();
        Assert.True(GradientCheck.RelativeError(analytic, NumericalLossGradient(loss, scores, Labels)) < 1e-7);
    }

    [Fact]
    public void HingeMarginIsConfigurable()
    {
        var scores = NdArray<double>.FromArray(new double[,] { { 0, 0.5 } });
        Assert.Equal(1.5, new MulticlassHingeLoss<double>().Compute(scores, [0]).Loss, 12);
        Assert.Equal(0.0, new MulticlassHingeLoss<double>(margin: 0).Compute(NdArray<double>.FromArray(new double[,] { { 1, 0.5 } }), [0]).Loss);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-1)]
    public void LabelOutOfRangeNamesLabelIndexAndClassCount(int bad)
    {
        var scores = NdArray<float>.Zeros(4, 5);
        int[] labels = [0, 1, bad, 3];
        var ex = Assert.ThrowsAny<ArgumentException>(() => new SoftmaxCrossEntropyLoss<float>().Compute(scores, labels));
        Assert.Contains($"label {bad}", ex.Message);
        Assert.Contains("index 2", ex.Message);
        Assert.Contains("5 classes", ex.Message);
        Assert.ThrowsAny<ArgumentException>(() => new MulticlassHingeLoss<float>().Compute(scores, labels));
    }

    [Fact]
    public void LabelCountAndRankMismatchesAreClear()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropyLoss<float>().Compute(NdArray<float>.Zeros(4, 5), [1, 2]));
        Assert.Contains("2 labels", ex.Message);
        Assert.Contains("(4, 5)", ex.Message);
        Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropyLoss<float>().Compute(NdArray<float>.Zeros(4, 5, 1), [1, 2, 3, 4]));
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var scores = NdArray<float>.RandomNormal(new Rng(5), 0f, 1f, 16, 10);
        int[] labels = Enumerable.Range(0, 16).Select(i => i % 10).ToArray();
        var ce = new SoftmaxCrossEntropyLoss<float>();
        var svm = new MulticlassHingeLoss<float>();
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { ce.Compute(scores, labels); svm.Compute(scores, labels); }));
        Assert.Same(ce.Compute(scores, labels).Gradient, ce.Compute(scores, labels).Gradient);
    }
}
