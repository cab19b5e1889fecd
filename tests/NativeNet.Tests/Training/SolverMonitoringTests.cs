using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Schedules;
using NativeNet.Tensors;
using NativeNet.Training;

namespace NativeNet.Tests.Training;

public class SolverMonitoringTests
{
    private static Sequential<float> Network()
    {
        var rng = new Rng(5);
        return new Sequential<float>(new Linear<float>(64, 32, rng), BatchNorm<float>.Cs231n(32), new Linear<float>(32, 10, rng));
    }

    [Fact]
    public void ValidationLossIsRecordedPerEpochAndMatchesTheLossOfTheFinalParameters()
    {
        var (train, val, _) = SolverTests.Digits();
        var model = Network();
        var options = new SolverOptions { BatchSize = 100, Epochs = 3, Seed = 2, RestoreBestParameters = false };
        var result = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), train, val, options).Train();

        Assert.Equal(result.History.Epoch.Count, result.History.ValidationLoss.Count);
        Assert.Equal(4, result.History.ValidationLoss.Count);
        Assert.True(result.History.ValidationLoss[^1] < result.History.ValidationLoss[0]);

        // By hand: softmax cross-entropy, in double, of the evaluation-mode scores of every validation sample.
        var scores = model.Forward(val.BatchFeatures(0, val.Count), training: false).Flatten2D();
        var labels = val.BatchLabels(0, val.Count);
        int classes = scores.Dim(1);
        double sum = 0;
        for (int i = 0; i < val.Count; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++) max = Math.Max(max, scores[i * classes + c]);
            double exp = 0;
            for (int c = 0; c < classes; c++) exp += Math.Exp(scores[i * classes + c] - max);
            sum += Math.Log(exp) + max - scores[i * classes + labels[i]];
        }
        Assert.Equal(sum / val.Count, result.History.ValidationLoss[^1], 4);
    }

    [Fact]
    public void MonitoredTestAccuracyIsRecordedPerEpochWithoutChoosingTheBest()
    {
        var (train, val, test) = SolverTests.Digits();
        var model = Network();
        var options = new SolverOptions { BatchSize = 100, Epochs = 2, Seed = 2, RestoreBestParameters = false };
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), train, val, options)
        {
            MonitoredTestData = test,
        };
        var result = solver.Train();
        Assert.Equal(3, result.History.TestAccuracy.Count);
        Assert.Equal(Evaluator.Accuracy(model, test), result.History.TestAccuracy[^1]);
        Assert.True(result.History.TestAccuracy[^1] > 0.8);
        Assert.Contains(result.History.Series(), s => s.Key == "test_acc_history" && s.Value.Count == 3);
        Assert.Contains(result.History.Series(), s => s.Key == "val_loss_history" && s.Value.Count == 3);
    }

    [Fact]
    public void WithoutMonitoredTestDataTheTestSeriesStaysEmpty()
    {
        var (train, val, _) = SolverTests.Digits();
        var model = Network();
        var result = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Sgd<float>(model.Parameters, 1e-2), train, val,
            new SolverOptions { BatchSize = 200, Epochs = 1 }).Train();
        Assert.Empty(result.History.TestAccuracy);
    }

    [Fact]
    public void AnIterationScheduleChangesTheRateBeforeEveryMinibatch()
    {
        var (train, val, _) = SolverTests.Digits();
        var model = Network();
        var options = new SolverOptions
        {
            BatchSize = 100, Epochs = 2, Schedule = new ExponentialDecaySchedule(0.9), ScheduleUnit = ScheduleUnit.Iteration,
        };
        var result = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Sgd<float>(model.Parameters, 1e-2), train, val, options).Train();
        Assert.Equal(24, result.History.LearningRate.Count);
        for (int i = 0; i < 24; i++) Assert.Equal(1e-2 * Math.Pow(0.9, i), result.History.LearningRate[i], 12);
    }
}
