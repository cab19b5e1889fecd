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

public class SolverTests
{
    /// <summary>The embedded digits split 1200 / 200 / 397 (training, validation, test), scaled to [0, 1].</summary>
    internal static (Dataset<float> Train, Dataset<float> Validation, Dataset<float> Test) Digits()
    {
        var all = Datasets.Digits().Apply(new UnitRangeScaler<float>(0f, 16f));
        var (trainVal, test) = all.SplitRandom(1400, seed: 1);
        var (train, val) = trainVal.SplitFirstLast(1200);
        return (train, val, test);
    }

    private static Sequential<float> Network(ulong seed, bool withDropout)
    {
        var rng = new Rng(seed);
        var model = new Sequential<float>(new Linear<float>(64, 48, rng), BatchNorm<float>.Cs231n(48));
        if (withDropout) model.Add(Dropout<float>.WithDropProbability(0.2, new Rng(seed + 1)));
        model.Add(new Linear<float>(48, 10, rng));
        return model;
    }

    private static Solver<float> NewSolver(Sequential<float> model, int epochs, bool withSchedule = true, ulong seed = 3)
    {
        var (train, val, _) = Digits();
        var options = new SolverOptions
        {
            BatchSize = 50, Epochs = epochs, Seed = seed, TrainAccuracySamples = 300, ReportEvery = 5,
            Schedule = withSchedule ? new MultiplicativeDecaySchedule(0.9) : null,
        };
        return new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), train, val, options);
    }

    [Fact]
    public void LearnsDigitsAndRecordsHistories()
    {
        var model = Network(1, withDropout: false);
        var solver = NewSolver(model, epochs: 6);
        var result = solver.Train();
        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal(6, result.EpochsCompleted);
        Assert.Equal(6 * 24, result.Iterations);
        Assert.Equal(result.Iterations, result.History.Loss.Count);
        Assert.Equal(result.Iterations, result.History.GradientNorm.Count);
        // Epoch 0 is the evaluation before training.
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6], result.History.Epoch);
        Assert.Equal(7, result.History.TrainAccuracy.Count);
        Assert.Equal(7, result.History.ValidationAccuracy.Count);
        Assert.Equal(7, result.History.EpochLoss.Count);
        Assert.True(result.History.Loss.Take(5).Average() > 2 * result.History.Loss.TakeLast(5).Average());
        Assert.Equal(1e-2 * Math.Pow(0.9, 5), result.History.LearningRate[^1], 12);
        Assert.Equal(result.History.ValidationAccuracy.Skip(1).Max(), result.BestValidationAccuracy);
        var (_, val, test) = Digits();
        // The best parameters are restored: validation accuracy now is the best one seen.
        Assert.Equal(result.BestValidationAccuracy, Evaluator.Accuracy(model, val), 12);
        Assert.True(Evaluator.Accuracy(model, test) >= 0.9);
    }

    [Fact]
    public void ResumeContinuesBitIdentically()
    {
        var straight = Network(5, withDropout: true);
        NewSolver(straight, epochs: 3).Train();

        string dir = Directory.CreateTempSubdirectory("nativenet-resume").FullName;
        try
        {
            string path = Path.Combine(dir, "ckpt.safetensors");
            var first = Network(5, withDropout: true);
            var firstSolver = NewSolver(first, epochs: 1);
            firstSolver.Train();
            Checkpoint.Save(firstSolver, path, new Dictionary<string, string> { ["architecture"] = "test" });

            // A fresh process would rebuild the same architecture with any initial values, then resume.
            var resumed = Network(99, withDropout: true);
            var resumedSolver = NewSolver(resumed, epochs: 3);
            Checkpoint.Resume(resumedSolver, path);
            Assert.Equal(1, resumedSolver.Epoch);
            var result = resumedSolver.Train();

            Assert.Equal(3, result.EpochsCompleted);
            Assert.Equal([0.0, 1, 2, 3], result.History.Epoch);   // the resumed run does not measure epoch 0 again
            Assert.Equal(4, result.History.TrainAccuracy.Count);
            for (int i = 0; i < straight.Parameters.Count; i++)
                Assert.Equal(straight.Parameters[i].Value.ToArray(), resumed.Parameters[i].Value.ToArray());
            var buffersA = straight.Buffers.ToArray();
            var buffersB = resumed.Buffers.ToArray();
            for (int i = 0; i < buffersA.Length; i++) Assert.Equal(buffersA[i].Value.ToArray(), buffersB[i].Value.ToArray());
            Assert.Equal("test", Checkpoint.ReadMetadata(path)["architecture"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheReadmeExamplesSummaryComesFromTheResult()
    {
        // The README's library example prints these two lines instead of one per progress event.
        var model = Network(1, withDropout: false);
        var result = NewSolver(model, epochs: 2).Train();
        string summary = $"{result.EpochsCompleted} epochs in {result.TrainSeconds:F0} s, final loss {result.History.EpochLoss[^1]:F4}";
        Assert.StartsWith("2 epochs in ", summary);
        Assert.True(double.IsFinite(result.History.EpochLoss[^1]));
    }

    [Fact]
    public void EpochLossIsTheSampleWeightedMeanOfTheEpochsMinibatchLosses()
    {
        // 1,200 samples in batches of 64: 18 full ones and a last one of 48.
        var model = Network(1, withDropout: false);
        var (train, val, _) = Digits();
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), train, val,
            new SolverOptions { BatchSize = 64, Epochs = 2, Seed = 3, TrainAccuracySamples = 300 });
        var reported = new List<double>();
        solver.Progress += (_, p) => { if (p.Kind == ProgressKind.Epoch) reported.Add(p.Loss); };
        var history = solver.Train().History;

        Assert.Equal(19, solver.BatchesPerEpoch);
        Assert.Equal(1200, solver.SamplesPerEpoch);
        double[] sizes = [.. Enumerable.Repeat(64.0, 18), 48];
        Assert.Equal([.. sizes, .. sizes], history.BatchSize);
        Assert.True(double.IsNaN(history.EpochLoss[0]));   // epoch 0: nothing trained yet
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            var losses = history.Loss.Skip((epoch - 1) * 19).Take(19).ToArray();
            double weighted = losses.Select((loss, b) => loss * sizes[b]).Sum() / 1200;
            Assert.Equal(weighted, history.EpochLoss[epoch], 12);
            Assert.Equal(history.EpochLoss[epoch], reported[epoch - 1]);
            // The unweighted mean counts the 48 samples of the last batch as if they were 64.
            Assert.NotEqual(losses.Average(), history.EpochLoss[epoch], 12);
        }
        Assert.NotEqual(history.Loss[^1], reported[^1]);
    }

    [Fact]
    public void DropLastSkipsThePartialMinibatchOfEveryEpoch()
    {
        var model = Network(1, withDropout: false);
        var (train, val, _) = Digits();
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), train, val,
            new SolverOptions { BatchSize = 64, Epochs = 2, Seed = 3, DropLastPartialBatch = true });
        var result = solver.Train();

        Assert.Equal(18, solver.BatchesPerEpoch);
        Assert.Equal(18 * 64, solver.SamplesPerEpoch);
        Assert.Equal(2 * 18, result.Iterations);
        Assert.All(result.History.BatchSize, size => Assert.Equal(64, size));
        Assert.Equal(result.History.Loss.Skip(18).Average(), result.History.EpochLoss[^1], 12);

        // A batch larger than the training set is the whole set, a full batch: nothing is dropped.
        var small = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Sgd<float>(model.Parameters, 0.1), train.Slice(0, 30), val,
            new SolverOptions { BatchSize = 100, Epochs = 1, DropLastPartialBatch = true });
        Assert.Equal((1, 30), (small.BatchesPerEpoch, small.SamplesPerEpoch));
    }

    [Fact]
    public void ALastBatchOfOneSampleIsSkippedOnlyWhereBatchNormCannotTrainOnIt()
    {
        var (train, val, _) = Digits();
        var set = train.Slice(0, 33);
        var withBatchNorm = new Sequential<float>(new Linear<float>(64, 16, new Rng(1)), new BatchNorm<float>(16), new Linear<float>(16, 10, new Rng(2)));
        var solver = new Solver<float>(withBatchNorm, new SoftmaxCrossEntropyLoss<float>(), new Sgd<float>(withBatchNorm.Parameters, 0.1), set, val,
            new SolverOptions { BatchSize = 16, Epochs = 2, Seed = 3 });
        Assert.Equal((2, 32), (solver.BatchesPerEpoch, solver.SamplesPerEpoch));
        Assert.Equal(4, solver.Train().Iterations);

        var plain = new Sequential<float>(new Linear<float>(64, 10, new Rng(1)));
        var kept = new Solver<float>(plain, new SoftmaxCrossEntropyLoss<float>(), new Sgd<float>(plain.Parameters, 0.1), set, val,
            new SolverOptions { BatchSize = 16, Epochs = 1 });
        Assert.Equal((3, 33), (kept.BatchesPerEpoch, kept.SamplesPerEpoch));
    }

    [Fact]
    public void EvaluatesBeforeTheFirstStepAsEpochZeroWhichIsNeverTheBest()
    {
        var (train, val, _) = Digits();
        Solver<float> NewSolverAt(Sequential<float> model, int epochs, bool before) =>
            new(model, new SoftmaxCrossEntropyLoss<float>(), new Sgd<float>(model.Parameters, 0), train, val,
                new SolverOptions { BatchSize = 100, Epochs = epochs, TrainAccuracySamples = null, EvaluateBeforeTraining = before });

        // No batch norm: its running statistics would move even at a learning rate of 0.
        static Sequential<float> LinearClassifier() => new(new Linear<float>(64, 10, new Rng(1)));
        var untrained = LinearClassifier();
        var zero = NewSolverAt(untrained, 0, before: true).Train();
        Assert.Equal(0, zero.Iterations);
        Assert.Equal([0.0], zero.History.Epoch);
        Assert.Equal(Evaluator.Accuracy(untrained, val), zero.History.ValidationAccuracy.Single());
        Assert.Equal(Evaluator.Accuracy(untrained, train), zero.History.TrainAccuracy.Single());
        Assert.Equal(0, zero.BestEpoch);

        // With a learning rate of 0 every epoch ties with epoch 0; the best is still a trained epoch.
        var still = NewSolverAt(LinearClassifier(), 2, before: true).Train();
        Assert.Equal([0.0, 1, 2], still.History.Epoch);
        Assert.Equal(still.History.ValidationAccuracy[0], still.History.ValidationAccuracy[1]);
        Assert.Equal(1, still.BestEpoch);

        var without = NewSolverAt(LinearClassifier(), 2, before: false).Train();
        Assert.Equal([1.0, 2], without.History.Epoch);
        Assert.Equal(2, without.History.TrainAccuracy.Count);
    }

    [Fact]
    public void EpochLossOfAnEpochResumedMidwayIsTheUninterruptedOne()
    {
        var straight = NewSolver(Network(5, withDropout: true), epochs: 2);
        straight.Train();

        string dir = Directory.CreateTempSubdirectory("nativenet-resume").FullName;
        try
        {
            string path = Path.Combine(dir, "ckpt.safetensors");
            var first = NewSolver(Network(5, withDropout: true), epochs: 2);
            using var cancel = new CancellationTokenSource();
            first.Progress += (_, p) => { if (p.Kind == ProgressKind.Iteration && p.Iteration == 30) cancel.Cancel(); };
            Assert.Equal(StopReason.Cancelled, first.Train(cancel.Token).Reason);
            Assert.Equal((1, 6), (first.Epoch, first.BatchInEpoch));
            Checkpoint.Save(first, path);

            var resumed = NewSolver(Network(99, withDropout: true), epochs: 2);
            Checkpoint.Resume(resumed, path);
            resumed.Train();
            Assert.Equal(straight.History.EpochLoss, resumed.History.EpochLoss);
            Assert.Equal(straight.History.Epoch, resumed.History.Epoch);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ResumeRejectsAnotherArchitectureWithoutChangingAnything()
    {
        string dir = Directory.CreateTempSubdirectory("nativenet-resume").FullName;
        try
        {
            string path = Path.Combine(dir, "ckpt.safetensors");
            var solver = NewSolver(Network(1, withDropout: false), epochs: 1);
            solver.Train();
            Checkpoint.Save(solver, path);

            var rng = new Rng(2);
            var other = new Sequential<float>(new Linear<float>(64, 32, rng), BatchNorm<float>.Cs231n(32), new Linear<float>(32, 10, rng));
            var before = other.Parameters[0].Value.ToArray();
            var otherSolver = NewSolver(other, epochs: 2);
            var ex = Assert.Throws<DataFormatException>(() => Checkpoint.Resume(otherSolver, path));
            Assert.Contains("fc1.weight", ex.Message);
            Assert.Equal(before, other.Parameters[0].Value.ToArray());
            Assert.Equal(0, otherSolver.Epoch);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SameSeedSameRunDifferentSeedDifferentRun()
    {
        var a = Network(1, withDropout: true);
        var b = Network(1, withDropout: true);
        var c = Network(1, withDropout: true);
        NewSolver(a, 2).Train();
        NewSolver(b, 2).Train();
        NewSolver(c, 2, seed: 4).Train();
        Assert.Equal(a.Parameters[0].Value.ToArray(), b.Parameters[0].Value.ToArray());
        Assert.NotEqual(a.Parameters[0].Value.ToArray(), c.Parameters[0].Value.ToArray());
    }

    [Fact]
    public void RaisesProgressAndHonoursCancellation()
    {
        var solver = NewSolver(Network(1, withDropout: false), epochs: 5);
        using var cts = new CancellationTokenSource();
        var events = new List<TrainingProgress>();
        solver.Progress += (_, p) =>
        {
            events.Add(p);
            if (p.Kind == ProgressKind.Epoch && p.Epoch == 2) cts.Cancel();
        };
        var result = solver.Train(cts.Token);
        Assert.Equal(StopReason.Cancelled, result.Reason);
        Assert.Equal(2, result.EpochsCompleted);
        Assert.Equal(2, events.Count(e => e.Kind == ProgressKind.Epoch));
        Assert.Equal(48 / 5, events.Count(e => e.Kind == ProgressKind.Iteration));
        var last = events.Last(e => e.Kind == ProgressKind.Epoch);
        Assert.NotNull(last.TrainAccuracy);
        Assert.NotNull(last.ValidationAccuracy);
        Assert.True(last.SamplesPerSecond > 0);
        Assert.Equal(5, last.Epochs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DivergenceStopsCleanlyAndKeepsFiniteParameters(bool clip)
    {
        var model = Network(1, withDropout: false);
        var (train, val, _) = Digits();
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Sgd<float>(model.Parameters, 1e30), train, val,
            new SolverOptions { BatchSize = 50, Epochs = 3, RestoreBestParameters = false, MaxGradientNorm = clip ? 1e3 : null });
        var result = solver.Train();
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Contains("iteration", result.Message);
        Assert.All(model.Parameters, p => Assert.True(p.Value.IsAllFinite(), p.Name));
        Assert.All(model.Buffers, b => Assert.True(b.Value.IsAllFinite(), b.Name));
    }

    [Fact]
    public void InvalidOptionsNameTheOption()
    {
        var model = Network(1, withDropout: false);
        var (train, val, _) = Digits();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(),
            new Sgd<float>(model.Parameters, 0.1), train, val, new SolverOptions { BatchSize = 0 }));
        Assert.Equal("BatchSize", ex.ParamName);
    }

    [Fact]
    public void HistoriesExportToCsvJsonAndNpz()
    {
        var solver = NewSolver(Network(1, withDropout: false), epochs: 2);
        var result = solver.Train();
        string dir = Directory.CreateTempSubdirectory("nativenet-history").FullName;
        try
        {
            HistoryExport.WriteNpz(Path.Combine(dir, "h.npz"), result.History.Series());
            HistoryExport.WriteCsv(Path.Combine(dir, "h.csv"), result.History.Series());
            HistoryExport.WriteJson(Path.Combine(dir, "h.json"), result.History.Series());
            var loss = NpzReader.Read<double>(Path.Combine(dir, "h.npz"), "loss_history");
            Assert.Equal(result.History.Loss, loss.ToArray());
            var valAccuracy = NpzReader.Read<double>(Path.Combine(dir, "h.npz"), "val_acc_history");
            Assert.Equal(result.History.ValidationAccuracy, valAccuracy.ToArray());
            var header = File.ReadLines(Path.Combine(dir, "h.csv")).First();
            Assert.Contains("loss_history", header);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "h.json")));
            Assert.Equal(result.History.Loss.Count, json.RootElement.GetProperty("loss_history").GetArrayLength());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
