using NativeNet.Metrics;
using NativeNet.Tensors;
using NativeNet.Training;

namespace NativeNet.Tests.Metrics;

public class MetricsTests
{
    private static NdArray<double> Column(params double[] values) => NdArray<double>.FromArray(values, values.Length, 1);

    [Fact]
    public void MatchesHandComputedValues()
    {
        // Errors 0.5, 0, −1, 1; the targets' mean is 2.5, so SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5 and SS_res = 2.25.
        var metrics = new RegressionMetrics(1);
        metrics.Add(Column(1.5, 2, 2, 5), Column(1, 2, 3, 4));
        Assert.Equal(0.5625, metrics.MeanSquaredError, 12);
        Assert.Equal(0.625, metrics.MeanAbsoluteError, 12);
        Assert.Equal(1 - 2.25 / 5, metrics.RSquared, 12);
        Assert.Equal(4, metrics.Count);
    }

    [Fact]
    public void BatchesAddUpToTheWholeAndOutputsAverageUniformly()
    {
        // Output 0 as above (R² 0.55); output 1 predicted perfectly (R² 1); MSE and MAE average all eight values.
        var predictions = NdArray<double>.FromArray([1.5, 10, 2, 20, 2, 30, 5, 40], 4, 2);
        var targets = NdArray<double>.FromArray([1, 10, 2, 20, 3, 30, 4, 40], 4, 2);
        var whole = new RegressionMetrics(2);
        whole.Add(predictions, targets);
        var parts = new RegressionMetrics(2);
        parts.Add(predictions.Slice(0, 1), targets.Slice(0, 1));
        parts.Add(predictions.Slice(1, 3), targets.Slice(1, 3));

        Assert.Equal((0.55 + 1) / 2, whole.RSquared, 12);
        Assert.Equal(2.25 / 8, whole.MeanSquaredError, 12);
        Assert.Equal(2.5 / 8, whole.MeanAbsoluteError, 12);
        Assert.Equal(whole.RSquared, parts.RSquared, 12);
        Assert.Equal(whole.MeanSquaredError, parts.MeanSquaredError, 12);
    }

    [Fact]
    public void ConstantTargetsScoreOneOnlyWhenPredictedExactly()
    {
        var exact = new RegressionMetrics(1);
        exact.Add(Column(3, 3), Column(3, 3));
        Assert.Equal(1, exact.RSquared);
        var off = new RegressionMetrics(1);
        off.Add(Column(3, 4), Column(3, 3));
        Assert.Equal(0, off.RSquared);
        Assert.True(double.IsNaN(new RegressionMetrics(1).RSquared));
    }

    [Fact]
    public void PredictionsOutsideTheClassesAreWrongButCountTowardsNoPrecision()
    {
        var metrics = new ClassificationMetrics(2);
        metrics.Add(0, 0);
        metrics.Add(0, 5);
        metrics.Add(1, 1);
        Assert.Equal(2.0 / 3, metrics.Accuracy, 12);
        Assert.Equal(1.0, metrics.Precision(0));
        Assert.Equal(0.5, metrics.Recall(0));
        Assert.True(double.IsNaN(new ClassificationMetrics(3).MacroF1));
    }

    [Fact]
    public void ShapesMustMatchTheOutputs()
    {
        var metrics = new RegressionMetrics(2);
        Assert.Throws<ArgumentException>(() => metrics.Add(Column(1, 2), Column(1, 2)));
    }

    [Fact]
    public void ConfusionMatrixGivesHandComputedPrecisionRecallAndF1()
    {
        // Class 0: predicted twice, right once (P ½), one of two found (R ½). Class 1: predicted three times, right
        // twice (P ⅔), both found (R 1, F1 0.8). Class 2: predicted once, right (P 1), one of two found (R ½, F1 ⅔).
        // Class 3 never occurs and is left out of the macro averages.
        var matrix = new ConfusionMatrix(["a", "b", "c", "d"]);
        foreach (var (actual, predicted) in new[] { (0, 0), (0, 1), (1, 1), (1, 1), (2, 0), (2, 2) }) matrix.Add(actual, predicted);
        var metrics = matrix.Metrics();
        Assert.Equal(0.5, metrics.Precision(0), 12);
        Assert.Equal(2.0 / 3, metrics.Precision(1), 12);
        Assert.Equal(1.0, metrics.Recall(1), 12);
        Assert.Equal(0.8, metrics.F1(1), 12);
        Assert.Equal(2.0 / 3, metrics.F1(2), 12);
        Assert.Equal(0, metrics.F1(3));
        Assert.Equal((0.5 + 2.0 / 3 + 1) / 3, metrics.MacroPrecision, 12);
        Assert.Equal((0.5 + 1 + 0.5) / 3, metrics.MacroRecall, 12);
        Assert.Equal((0.5 + 0.8 + 2.0 / 3) / 3, metrics.MacroF1, 12);
        Assert.Equal(4.0 / 6, metrics.Accuracy, 12);
        Assert.Equal("true\\predicted,a,b,c,d\na,1,1,0,0\nb,0,2,0,0\nc,1,0,1,0\nd,0,0,0,0\n", matrix.ToCsv());
    }
}
