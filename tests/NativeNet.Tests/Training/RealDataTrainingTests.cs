using NativeNet.Data;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Schedules;
using NativeNet.Tests.Optional;
using NativeNet.Training;

namespace NativeNet.Tests.Training;

/// <summary>End-to-end training on real data: the embedded digits, and Debian's Fashion-MNIST (skipped where it is not installed; .ci/run installs it and requires it).</summary>
public class RealDataTrainingTests
{
    [Fact]
    public void SmallMlpLearnsTheEmbeddedDigits()
    {
        var all = Datasets.Digits().Apply(new UnitRangeScaler<float>(0f, 16f));
        var (trainVal, test) = all.SplitRandom(1500, seed: 0);
        var (train, val) = trainVal.SplitFirstLast(1300);
        var model = FullyConnectedNet.Build<float>(new FullyConnectedNetSpec { InputSize = 64, HiddenSizes = [64], Classes = 10, Seed = 1 });
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 3e-3), train, val,
            new SolverOptions { BatchSize = 32, Epochs = 20, Seed = 1 });
        var result = solver.Train();
        Assert.Equal(StopReason.Completed, result.Reason);
        double accuracy = Evaluator.Accuracy(model, test);
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:P2}");
    }

    // The recipe of `nativenet train --data fashion-mnist --validation 0 --lr 3e-3 --lr-decay 0.65` and of
    // benchmarks/scripts/torch_fashion_mnist.py: all 60,000 training images, Adam 3e-3 decaying ×0.65 per epoch.
    // Seeds 0..4 reach 88.87–89.30 %.
    [SkippableFact]
    public void FashionMnistMlpReaches88Point5PercentIn10Epochs()
    {
        OptionalDependency.RequireFashionMnist();
        var scaler = new UnitRangeScaler<float>(0f, 255f);
        var train = Datasets.FashionMnist(train: true).Apply(scaler);
        var test = Datasets.FashionMnist(train: false).Apply(scaler);
        var model = FullyConnectedNet.Build<float>(new FullyConnectedNetSpec { InputSize = 784, HiddenSizes = [256, 128], Classes = 10, Seed = 0 });
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 3e-3), train, null,
            new SolverOptions { BatchSize = 128, Epochs = 10, Seed = 0, TrainAccuracySamples = 1000, Schedule = new MultiplicativeDecaySchedule(0.65) });
        var result = solver.Train();
        Assert.Equal(StopReason.Completed, result.Reason);
        double accuracy = Evaluator.Accuracy(model, test);
        Assert.True(accuracy >= 0.885, $"test accuracy {accuracy:P2} after {result.TrainSeconds:F1} s");
    }
}
