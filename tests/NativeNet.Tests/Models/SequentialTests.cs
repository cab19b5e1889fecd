using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Regularization;
using NativeNet.Tensors;
using NativeNet.Tests.Layers;

namespace NativeNet.Tests.Models;

public class SequentialTests
{
    private static Sequential<T> Mlp<T>(ulong seed, int inputs = 6, int hidden = 5, int classes = 3) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        return new Sequential<T>(
            new Linear<T>(inputs, hidden, rng),
            new BatchNorm<T>(hidden),
            Dropout<T>.WithDropProbability(0.2, rng),
            new Linear<T>(hidden, classes, rng));
    }

    [Fact]
    public void LayersAndParametersGetStableQualifiedNames()
    {
        var rng = new Rng(1);
        var model = new Sequential<double>(
            new Flatten<double>(),
            new Linear<double>(12, 8, rng),
            new BatchNorm<double>(8),
            Dropout<double>.WithDropProbability(0.5, rng),
            new Linear<double>(8, 8, rng),
            new LayerNorm<double>(8),
            new Linear<double>(8, 3, rng),
            new Softmax<double>());
        Assert.Equal(["flatten1", "fc1", "bn1", "dropout1", "fc2", "ln1", "fc3", "softmax1"], model.Layers.Select(l => l.Name));
        Assert.Equal(
            ["fc1.weight", "fc1.bias", "bn1.gamma", "bn1.beta", "fc2.weight", "fc2.bias", "ln1.gamma", "ln1.beta", "fc3.weight", "fc3.bias"],
            model.Parameters.Select(p => p.Name));
        Assert.Equal(12 * 8 + 8 + 16 + 8 * 8 + 8 + 16 + 8 * 3 + 3, model.ParameterCount);
    }

    [Fact]
    public void NamesCanBeOverriddenAndMustBeUnique()
    {
        var rng = new Rng(2);
        var model = new Sequential<float>(new Linear<float>(4, 4, rng) { Name = "encoder" });
        model.Add(new Linear<float>(4, 2, rng), "head");
        model.Add(new Linear<float>(2, 2, rng));
        Assert.Equal(["encoder.weight", "encoder.bias", "head.weight", "head.bias", "fc3.weight", "fc3.bias"], model.Parameters.Select(p => p.Name));
        var ex = Assert.Throws<ArgumentException>(() => model.Add(new Linear<float>(2, 2, rng), "head"));
        Assert.Contains("head", ex.Message);
    }

    [Fact]
    public void SummaryListsLayersShapesAndCounts()
    {
        var rng = new Rng(3);
        var model = new Sequential<float>(
            new Linear<float>(3072, 500, rng), new BatchNorm<float>(500), Dropout<float>.WithDropProbability(0.5, rng), new Linear<float>(500, 10, rng));
        string summary = model.Summary(100, 3072);
        Assert.Contains("fc1", summary);
        Assert.Contains("Linear(3072 → 500)", summary);
        Assert.Contains("(100, 500)", summary);
        Assert.Contains("1,536,500", summary);
        Assert.Contains("bn1", summary);
        Assert.Contains("(100, 10)", summary);
        Assert.Contains("Total parameters: 1,542,510", summary);
        Assert.Throws<ArgumentException>(() => model.Summary(100, 3000));
    }

    [Fact]
    public void ComputeLossEqualsForwardLossBackwardAndPenalty()
    {
        var model = Mlp<double>(4);
        var x = NdArray<double>.RandomNormal(new Rng(5), 0.0, 1.0, 8, 6);
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        var penalty = WeightPenalty.WithL2(0.05, L2PenaltyConvention.HalfSquaredNorm);
        ((Dropout<double>)model.Layers[2]).FreezeMask = true;

        var (total, data, reg, scores) = model.ComputeLoss(x, labels, new SoftmaxCrossEntropyLoss<double>(), penalty);
        var grads = model.Parameters.Select(p => p.Grad.Clone()).ToArray();

        double fc1 = model.Parameters[0].Value.ToArray().Sum(w => w * w), fc2 = model.Parameters[4].Value.ToArray().Sum(w => w * w);
        Assert.Equal(0.5 * 0.05 * (fc1 + fc2), reg, 12);
        Assert.Equal(data + reg, total, 12);

        model.ZeroGrad();
        var manualScores = model.Forward(x, true);
        Assert.Same(scores, manualScores);
        var (manualLoss, dScores) = new SoftmaxCrossEntropyLoss<double>().Compute(manualScores, labels);
        model.Backward(dScores);
        penalty.Apply(model.Parameters);
        Assert.Equal(data, manualLoss, 12);
        for (int i = 0; i < grads.Length; i++) Assert.Equal(grads[i].ToArray(), model.Parameters[i].Grad.ToArray());
    }

    [Fact]
    public void AReplicaSharesTheParameterValuesButNotGradientsBuffersOrOutputs()
    {
        var model = FullyConnectedNet.Build<double>(new FullyConnectedNetSpec { InputSize = 5, HiddenSizes = [4], Classes = 3, Normalization = Normalization.Batch, Seed = 2 });
        var x = NdArray<double>.RandomNormal(new Rng(3), 0.0, 1.0, 6, 5);
        model.Forward(x, training: true);
        var replica = model.CreateReplica();
        Assert.Equal(model.State().Select(s => s.Value.ToArray()), replica.State().Select(s => s.Value.ToArray()));
        Assert.Equal(model.Forward(x, training: false).ToArray(), replica.Forward(x, training: false).ToArray());

        model.Parameters[0].Value[0] += 1.0;
        Assert.Equal(model.Parameters[0].Value[0], replica.Parameters[0].Value[0]);
        Assert.NotSame(model.Parameters[0].Grad, replica.Parameters[0].Grad);
        var runningMean = model.Buffers.First().Value;
        double before = runningMean[0];
        replica.Forward(x, training: true);
        Assert.Equal(before, runningMean[0]);
        Assert.NotSame(model.Forward(x, training: false), replica.Forward(x, training: false));
    }

    [Fact]
    public void WholeModelGradientCheck()
    {
        var model = Mlp<double>(6);
        ((Dropout<double>)model.Layers[2]).FreezeMask = true;
        var x = NdArray<double>.RandomNormal(new Rng(7), 0.0, 1.0, 4, 6);
        int[] labels = [2, 0, 1, 2];
        var loss = new SoftmaxCrossEntropyLoss<double>();
        var penalty = new WeightPenalty { L2 = 0.1, L1 = 0.01 };
        model.ComputeLoss(x, labels, loss, penalty);
        foreach (var p in model.Parameters)
        {
            var analytic = p.Grad.Clone();
            var numeric = GradientCheck.NumericalGradient(_ =>
            {
                var s = model.Forward(x, true);
                return loss.Compute(s, labels).Loss + penalty.Penalty(model.Parameters);
            }, p.Value);
            Assert.True(GradientCheck.RelativeError(analytic, numeric) < 1e-6, $"{p.Name}: {GradientCheck.RelativeError(analytic, numeric)}");
        }
    }

    [Fact]
    public void EvalModeTurnsDropoutOffAndUsesRunningStatistics()
    {
        var model = Mlp<double>(8);
        var x = NdArray<double>.RandomNormal(new Rng(9), 0.0, 1.0, 8, 6);
        Assert.True(model.IsTraining);
        model.Eval();
        var evalOut = model.Forward(x).Clone();
        Assert.Equal(evalOut.ToArray(), model.Forward(x, false).ToArray());
        Assert.Equal(evalOut.ToArray(), model.Forward(x).ToArray()); // no dropout randomness in eval
        model.Train();
        Assert.NotEqual(evalOut.ToArray(), model.Forward(x).ToArray());
    }

    [Fact]
    public void ElementwiseLossOverload()
    {
        var rng = new Rng(10);
        var model = new Sequential<double>(new Linear<double>(3, 2, rng));
        var x = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 5, 3);
        var t = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 5, 2);
        var (total, data, reg, predictions) = model.ComputeLoss(x, t, new MeanSquaredErrorLoss<double>());
        Assert.Equal(0.0, reg);
        Assert.Equal(data, total);
        Assert.Equal(new MeanSquaredErrorLoss<double>().Compute(predictions, t).Loss, data, 14);
    }

    [Fact]
    public void WrongInputShapeNamesTheFirstLayer()
    {
        var model = Mlp<float>(11);
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(NdArray<float>.Zeros(4, 7), true));
        Assert.Contains("fc1", ex.Message);
        Assert.Contains("(N, 6)", ex.Message);
        Assert.Contains("(4, 7)", ex.Message);
    }

    [Fact]
    public void SteadyStateTrainingStepAllocatesNothing()
    {
        var model = Mlp<float>(12, inputs: 32, hidden: 24, classes: 10);
        model.DetectAnomaly = true;
        var x = NdArray<float>.RandomNormal(new Rng(13), 0f, 1f, 16, 32);
        int[] labels = Enumerable.Range(0, 16).Select(i => i % 10).ToArray();
        var loss = new SoftmaxCrossEntropyLoss<float>();
        var penalty = WeightPenalty.WithL2(1e-3, L2PenaltyConvention.HalfSquaredNorm);
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => model.ComputeLoss(x, labels, loss, penalty)));
    }
}
