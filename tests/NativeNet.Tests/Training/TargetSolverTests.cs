using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using NativeNet.Training;

namespace NativeNet.Tests.Training;

/// <summary>The Solver on real-valued targets (regression, multi-label), early stopping and callbacks.</summary>
public class TargetSolverTests
{
    // y₀ = 2x₀ − x₁ + noise and y₁ = x₀ + x₁ (two outputs) for x uniform in [−2, 2]².
    internal static TargetDataset<float> Linear(int count, ulong seed, int outputs = 2)
    {
        var rng = new Rng(seed);
        var features = new NdArray<float>(count, 2);
        var targets = new NdArray<float>(count, outputs);
        for (int i = 0; i < count; i++)
        {
            float a = (float)(4 * rng.NextDouble() - 2), b = (float)(4 * rng.NextDouble() - 2);
            features[i * 2] = a;
            features[i * 2 + 1] = b;
            targets[i * outputs] = 2 * a - b + (float)(0.05 * rng.NextNormal());
            if (outputs > 1) targets[i * outputs + 1] = a + b;
        }
        return new TargetDataset<float>(features, targets);
    }

    private static Sequential<float> LinearModel(int outputs = 2) => new(new Linear<float>(2, outputs, new Rng(3)));

    private static Solver<float> Regression(Sequential<float> model, TargetDataset<float> train, TargetDataset<float>? validation, SolverOptions options) =>
        new(model, new MeanSquaredErrorLoss<float>(), new Adam<float>(model.Parameters, 5e-2), train, validation, options);

    [Fact]
    public void MultiOutputRegressionRecordsMetricsAndKeepsTheLowestValidationLoss()
    {
        var train = Linear(400, 1);
        var validation = Linear(100, 2);
        var model = LinearModel();
        var solver = Regression(model, train, validation, new SolverOptions { BatchSize = 32, Epochs = 15, Seed = 4 });
        var result = solver.Train();

        Assert.Equal(StopReason.Completed, result.Reason);
        var history = result.History;
        Assert.Equal(16, history.ValidationRSquared.Count); // epochs 0 to 15
        Assert.Equal(16, history.ValidationMeanSquaredError.Count);
        Assert.Equal(16, history.ValidationMeanAbsoluteError.Count);
        Assert.Empty(history.ValidationAccuracy);
        Assert.True(history.ValidationRSquared[^1] > 0.99, $"R² {history.ValidationRSquared[^1]}");
        Assert.True(history.ValidationRSquared[0] < 0.9);
        // MSE is the loss: the validation loss and the MSE metric agree.
        Assert.Equal(history.ValidationLoss[^1], history.ValidationMeanSquaredError[^1], 5);
        int best = history.ValidationLoss.Skip(1).Select((v, i) => (v, i)).MinBy(p => p.v).i + 1;
        Assert.Equal(best, result.BestEpoch);
        Assert.Equal(history.ValidationLoss[best], result.BestValidationLoss);
        // The restored parameters are those of the best epoch.
        Assert.Equal(history.ValidationLoss[best], Evaluator.Evaluate(model, new MeanSquaredErrorLoss<float>(), validation).Loss, 6);
        Assert.True(Evaluator.Regression(model, validation).RSquared > 0.99);
    }

    [Fact]
    public void BinaryCrossEntropyTrainsMultiLabelTargets()
    {
        // Two independent labels per sample: x₀ > 0 and x₀ + x₁ > 0.
        var data = Linear(500, 5);
        var labels = new NdArray<float>(data.Count, 2);
        for (int i = 0; i < data.Count; i++)
        {
            labels[i * 2] = data.Features[i * 2] > 0 ? 1 : 0;
            labels[i * 2 + 1] = data.Features[i * 2] + data.Features[i * 2 + 1] > 0 ? 1 : 0;
        }
        var all = new TargetDataset<float>(data.Features, labels);
        var (train, validation) = all.SplitRandom(400, seed: 6);
        var model = LinearModel();
        var solver = new Solver<float>(model, new BinaryCrossEntropyWithLogitsLoss<float>(), new Adam<float>(model.Parameters, 5e-2), train, validation,
            new SolverOptions { BatchSize = 50, Epochs = 20, Seed = 7 });
        var result = solver.Train();

        Assert.True(result.History.ValidationLoss[^1] < 0.5 * result.History.ValidationLoss[0]);
        var logits = model.Forward(validation.Features, training: false);
        int right = 0;
        for (int i = 0; i < logits.Length; i++) if ((logits[i] > 0) == (validation.Targets[i] > 0.5f)) right++;
        Assert.True(right > 0.95 * logits.Length, $"{right} of {logits.Length} labels right");
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEpochsWithoutImprovement()
    {
        // No change can beat a min-delta of 1e9, so the last improvement is epoch 1 and patience 2 stops after epoch 3.
        var model = LinearModel();
        var solver = Regression(model, Linear(200, 1), Linear(50, 2),
            new SolverOptions { BatchSize = 50, Epochs = 10, Seed = 4, EarlyStopping = new EarlyStopping { Patience = 2, MinDelta = 1e9 } });
        var result = solver.Train();
        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(3, result.EpochsCompleted);
        Assert.Equal(3 * 4, result.Iterations);
        Assert.Contains("since epoch 1", result.Message);
        Assert.Equal([0.0, 1, 2, 3], result.History.Epoch);
    }

    [Fact]
    public void EarlyStoppingOfAClassifierWatchesTheValidationAccuracy()
    {
        var (train, validation, _) = SolverTests.Digits();
        var model = new Sequential<float>(new Linear<float>(64, 10, new Rng(1)));
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), train, validation,
            new SolverOptions { BatchSize = 100, Epochs = 8, Seed = 1, EarlyStopping = new EarlyStopping { Patience = 1, MinDelta = 1 } });
        var result = solver.Train();
        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(2, result.EpochsCompleted);
        Assert.Contains("validation accuracy", result.Message);
    }

    [Fact]
    public void AClassifierRecordsTheValidationMacroF1WithAccuracyUnchanged()
    {
        var (train, validation, _) = SolverTests.Digits();
        var model = new Sequential<float>(new Linear<float>(64, 10, new Rng(1)));
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), train, validation,
            new SolverOptions { BatchSize = 100, Epochs = 2, Seed = 1, RestoreBestParameters = false });
        var result = solver.Train();
        Assert.Equal(3, result.History.ValidationMacroF1.Count);
        Assert.True(result.History.ValidationMacroF1[^1] > result.History.ValidationMacroF1[0]);
        Assert.Equal(Evaluator.Confusion(model, validation).Metrics().MacroF1, result.History.ValidationMacroF1[^1], 12);
        Assert.Equal(Evaluator.Accuracy(model, validation), result.History.ValidationAccuracy[^1]);
        Assert.Empty(result.History.ValidationRSquared);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.4, 0.41, 0.405 }, 0.0, 2, 2, true)]   // best at epoch 2, epochs 3 and 4 do not beat it
    [InlineData(new[] { 0.5, 0.4, 0.41, 0.39 }, 0.0, 2, 4, false)]   // epoch 4 improves
    [InlineData(new[] { 0.5, 0.4, 0.41, 0.39 }, 0.02, 2, 2, true)]   // 0.01 better than epoch 2 is within min-delta
    [InlineData(new[] { 0.5, 0.4, 0.41 }, 0.0, 2, 2, false)]        // one epoch without improvement, patience 2
    public void DecisionFollowsPatienceAndMinDelta(double[] losses, double minDelta, int patience, int bestEpoch, bool stop)
    {
        // Entry 0 is the measurement before training, which never counts as the best.
        double[] withStart = [0.1, .. losses];
        double[] epochs = [.. Enumerable.Range(0, withStart.Length).Select(e => (double)e)];
        var decision = new EarlyStopping { Patience = patience, MinDelta = minDelta }.Decide(epochs, withStart, higherIsBetter: false);
        Assert.Equal((bestEpoch, stop), decision);
    }

    [Fact]
    public void InvalidEarlyStoppingIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SolverOptions { EarlyStopping = new EarlyStopping { Patience = 0 } }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SolverOptions { EarlyStopping = new EarlyStopping { Patience = 1, MinDelta = -1 } }.Validate());
    }

    private sealed class Recorder(string name, List<string> events) : ITrainingCallback<float>
    {
        public void OnStepEnd(Solver<float> solver) => events.Add($"{name} step {solver.Iteration} loss#{solver.History.Loss.Count}");
        public void OnEpochEnd(Solver<float> solver) => events.Add($"{name} epoch {solver.Epoch} r2#{solver.History.ValidationRSquared.Count}");
        public void OnTrainEnd(Solver<float> solver, TrainingResult result) => events.Add($"{name} end {result.Reason}");
    }

    private sealed class EpochsOnly(List<string> events) : ITrainingCallback<float>
    {
        public void OnEpochEnd(Solver<float> solver) => events.Add($"only epoch {solver.Epoch}");
    }

    [Fact]
    public void CallbacksFireInOrderAfterTheStateTheyReport()
    {
        var events = new List<string>();
        var model = LinearModel();
        var solver = new Solver<float>(model, new MeanSquaredErrorLoss<float>(), new Sgd<float>(model.Parameters, 1e-2), Linear(40, 1), Linear(10, 2),
            new SolverOptions { BatchSize = 20, Epochs = 2, Seed = 1 })
        {
            Callbacks = [new Recorder("a", events), new EpochsOnly(events), new Recorder("b", events)],
        };
        solver.Progress += (_, p) => { if (p.Kind == ProgressKind.Epoch) events.Add($"progress epoch {p.Epoch}"); };
        solver.Train();

        string[] expected =
        [
            "a step 1 loss#1", "b step 1 loss#1", "a step 2 loss#2", "b step 2 loss#2",
            "a epoch 1 r2#2", "only epoch 1", "b epoch 1 r2#2", "progress epoch 1",
            "a step 3 loss#3", "b step 3 loss#3", "a step 4 loss#4", "b step 4 loss#4",
            "a epoch 2 r2#3", "only epoch 2", "b epoch 2 r2#3", "progress epoch 2",
            "a end Completed", "b end Completed",
        ];
        Assert.Equal(expected, events);
    }

    [Fact]
    public void CheckpointOfARegressionResumesBitIdentically()
    {
        var train = Linear(300, 1);
        var validation = Linear(60, 2);
        var options = new SolverOptions { BatchSize = 32, Epochs = 4, Seed = 9 };
        var straight = LinearModel();
        var uninterrupted = Regression(straight, train, validation, options);
        uninterrupted.Train();

        string path = Path.Combine(Path.GetTempPath(), $"nativenet-regression-{Guid.NewGuid():N}.safetensors");
        try
        {
            var first = LinearModel();
            var saving = new Solver<float>(first, new MeanSquaredErrorLoss<float>(), new Adam<float>(first.Parameters, 5e-2), train, validation, options with { Epochs = 2 })
            {
                Callbacks = [new CheckpointCallback<float>(path)],
            };
            saving.Train();
            Assert.True(File.Exists(path));

            var resumedModel = LinearModel();
            var resumed = Regression(resumedModel, train, validation, options);
            Checkpoint.Resume(resumed, path);
            Assert.Equal(2, resumed.Epoch);
            Assert.Equal(saving.BestValidationLoss, resumed.BestValidationLoss);
            resumed.Train();

            Assert.Equal(uninterrupted.History.Loss, resumed.History.Loss);
            Assert.Equal(uninterrupted.History.ValidationRSquared, resumed.History.ValidationRSquared);
            Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
            Assert.Equal(straight.Parameters[0].Value.Span.ToArray(), resumedModel.Parameters[0].Value.Span.ToArray());

            // The run that saved ended with its best parameters, which the checkpoint holds next to the last ones.
            var loaded = LinearModel();
            Assert.True(Checkpoint.LoadBestModel(loaded, path));
            Assert.Equal(first.Parameters[0].Value.Span.ToArray(), loaded.Parameters[0].Value.Span.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AHandWrittenLoopSavesAndLoadsModelAndOptimizer()
    {
        var data = Linear(64, 3);
        var loss = new MeanSquaredErrorLoss<float>();
        var model = LinearModel();
        var optimizer = new Adam<float>(model.Parameters, 1e-2);
        void Step(Sequential<float> m, Optimizer<float> o)
        {
            m.ComputeLoss(data.Features, data.Targets, loss);
            o.Step();
        }
        for (int i = 0; i < 3; i++) Step(model, optimizer);

        string path = Path.Combine(Path.GetTempPath(), $"nativenet-loop-{Guid.NewGuid():N}.safetensors");
        try
        {
            Checkpoint.Save(model, optimizer, path, new Dictionary<string, string> { ["step"] = "3" });
            var copy = LinearModel();
            var copyOptimizer = new Adam<float>(copy.Parameters, 1e-2);
            Checkpoint.Load(copy, copyOptimizer, path);
            Assert.Equal("3", Checkpoint.ReadMetadata(path)["step"]);
            // Adam's moments and step count came along: the next step is the same to the bit.
            Step(model, optimizer);
            Step(copy, copyOptimizer);
            for (int i = 0; i < model.Parameters.Count; i++)
                Assert.Equal(model.Parameters[i].Value.Span.ToArray(), copy.Parameters[i].Value.Span.ToArray());
            // Without a solver position the file cannot resume a solver, and says why.
            var solver = Regression(LinearModel(), data, null, new SolverOptions());
            Assert.Contains("no solver state", Assert.Throws<DataFormatException>(() => Checkpoint.Resume(solver, path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TargetDataIsChecked()
    {
        var features = new NdArray<float>(3, 2);
        Assert.Throws<ArgumentException>(() => new TargetDataset<float>(features, new NdArray<float>(2, 1)));
        var nan = new NdArray<float>(3);
        nan[1] = float.NaN;
        Assert.Contains("sample 1", Assert.Throws<ArgumentException>(() => new TargetDataset<float>(features, nan)).Message);
        var model = LinearModel();
        Assert.Throws<ArgumentException>(() => Regression(model, Linear(10, 1, outputs: 2), Linear(10, 1, outputs: 1), new SolverOptions()));
    }
}
