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
    private static (Dataset<float> Train, Dataset<float> Validation, Dataset<float> Test) Digits()
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
        Assert.Equal(6, result.History.TrainAccuracy.Count);
        Assert.Equal(6, result.History.ValidationAccuracy.Count);
        Assert.True(result.History.Loss.Take(5).Average() > 2 * result.History.Loss.TakeLast(5).Average());
        Assert.Equal(1e-2 * Math.Pow(0.9, 5), result.History.LearningRate[^1], 12);
        Assert.Equal(result.History.ValidationAccuracy.Max(), result.BestValidationAccuracy);
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
            Assert.Equal(3, result.History.TrainAccuracy.Count);
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
