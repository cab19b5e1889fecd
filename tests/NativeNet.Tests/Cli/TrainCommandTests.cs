using System.Text.Json;
using NativeNet.IO;

namespace NativeNet.Tests.Cli;

public class TrainCommandTests
{
    private static readonly string[] Small = ["train", "--hidden", "16", "--batch-size", "64", "--threads", "1"];

    private static CliInvocation Train(string dir, params string[] more) => CliInvocation.Run([.. Small, "--out", dir, .. more]);

    [Fact]
    public void WritesCheckpointHistoriesPlotsAndJson()
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "3", "--lr", "1e-2", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain('\u001b', run.Out);
        Assert.Contains("test accuracy:", run.Out);

        using var json = JsonDocument.Parse(run.LastOutLine);
        var root = json.RootElement;
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0.8, 1.0);
        Assert.InRange(root.GetProperty("val_accuracy").GetDouble(), 0.8, 1.0);
        Assert.True(root.GetProperty("train_seconds").GetDouble() > 0);
        Assert.Equal(3, root.GetProperty("epochs").GetInt32());
        Assert.Equal(3 * 21, root.GetProperty("iterations").GetInt64()); // 1,297 samples in batches of 64
        Assert.True(root.GetProperty("samples_per_second").GetDouble() > 0);
        Assert.Equal("completed", root.GetProperty("stop_reason").GetString());
        Assert.Equal(Path.GetFullPath(dir.Path), root.GetProperty("out").GetString());

        foreach (var name in new[] { "loss", "accuracy", "grad-norm", "learning-rate" })
        {
            ImageAssert.ValidPng(dir.File(name + ".png"));
            ImageAssert.ValidSvg(dir.File(name + ".svg"));
        }
        string[] csv = File.ReadAllLines(dir.File("history.csv"));
        Assert.StartsWith("loss_history,grad_norm_history,lr_history,train_acc_history,val_acc_history", csv[0]);
        Assert.Equal(1 + 63, csv.Length);
        using var history = JsonDocument.Parse(File.ReadAllText(dir.File("history.json")));
        Assert.Equal(4, history.RootElement.GetProperty("val_acc_history").GetArrayLength());   // epochs 0 to 3
        Assert.True(new FileInfo(dir.File("history.npz")).Length > 100);

        var metadata = NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"));
        Assert.Contains("\"hidden_sizes\":[16]", metadata["architecture"]);
        Assert.Contains("\"spec\":\"digits\"", metadata["data"]);
        Assert.Contains("\"batch_size\":64", metadata["hyperparameters"]);
    }

    [Fact]
    public void TrainSubsetAndDropLastShapeEveryEpoch()
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "2", "--lr", "1e-2", "--train-subset", "1000", "--drop-last", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("digits: 1000 train / 200 validation / 300 test", run.Out);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(2 * 15, json.RootElement.GetProperty("iterations").GetInt64()); // 1,000 samples: 15 batches of 64, 40 left over

        using var history = JsonDocument.Parse(File.ReadAllText(dir.File("history.json")));
        var series = history.RootElement;
        Assert.All(series.GetProperty("batch_size_history").EnumerateArray(), size => Assert.Equal(64, size.GetDouble()));
        Assert.Equal([0.0, 1, 2], series.GetProperty("epoch_history").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(JsonValueKind.Null, series.GetProperty("epoch_loss_history")[0].ValueKind);   // epoch 0 has no training loss
        double lastEpochLoss = series.GetProperty("epoch_loss_history")[2].GetDouble();
        Assert.Equal(lastEpochLoss, json.RootElement.GetProperty("final_loss").GetDouble());
        Assert.Contains("epoch 2/2: loss " + lastEpochLoss.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), run.Out);

        var metadata = NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"));
        Assert.Contains("\"train_subset\":1000", metadata["hyperparameters"]);
        Assert.Contains("\"drop_last\":true", metadata["hyperparameters"]);
        Assert.Contains("the first 1000 training samples train", metadata["data"]);
        var otherSubset = Train(dir.Path, "--epochs", "3", "--train-subset", "900", "--drop-last", "--no-plots", "--resume", dir.Path);
        Assert.Equal(2, otherSubset.ExitCode);
        Assert.Contains("was trained with train_subset 1000, but the options say 900", otherSubset.ErrorLines[0]);

        using var other = new TempDirectory();
        var tooMany = Train(other.Path, "--epochs", "1", "--train-subset", "1298", "--no-plots");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Equal("error: --train-subset 1298 must be at most the 1297 training samples of digits", tooMany.ErrorLines[0]);
    }

    [Fact]
    public void RestoreBestChoosesWhichParametersTrainReportsAndEvalEvaluates()
    {
        using var best = new TempDirectory();
        using var last = new TempDirectory();
        string[] options = ["--epochs", "4", "--optimizer", "sgd", "--lr", "0.5", "--no-plots", "--json"];
        var withBest = Train(best.Path, options);
        var withLast = Train(last.Path, [.. options, "--restore-best", "false"]);
        Assert.True(withBest.ExitCode == 0, withBest.Error);
        Assert.True(withLast.ExitCode == 0, withLast.Error);

        // The same training: the option changes only which parameters the run ends with.
        var a = SafeTensorsFile.Load(best.File("checkpoint.safetensors"));
        var b = SafeTensorsFile.Load(last.File("checkpoint.safetensors"));
        foreach (var tensor in a.Tensors)
            Assert.True(a.GetRawBytes(tensor.Name).Span.SequenceEqual(b.GetRawBytes(tensor.Name).Span), $"{tensor.Name} differs");
        Assert.Contains("\"restore_best\":true", a.Metadata["hyperparameters"]);
        Assert.Contains("\"restore_best\":false", b.Metadata["hyperparameters"]);

        foreach (var (dir, run, parameters) in new[] { (best, withBest, "best_validation"), (last, withLast, "last") })
        {
            var eval = CliInvocation.Run("eval", dir.Path, "--json");
            Assert.True(eval.ExitCode == 0, eval.Error);
            using var evaluated = JsonDocument.Parse(eval.LastOutLine);
            Assert.Equal(parameters, evaluated.RootElement.GetProperty("parameters").GetString());
            Assert.Equal(JsonDocument.Parse(run.LastOutLine).RootElement.GetProperty("test_accuracy").GetDouble(),
                evaluated.RootElement.GetProperty("accuracy").GetDouble());
        }

        // Which parameters a run ends with does not change its steps, so a resume may choose again.
        var resumed = Train(last.Path, ["--epochs", "5", "--optimizer", "sgd", "--lr", "0.5", "--no-plots", "--resume", last.Path]);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("evaluated the best-validation parameters", CliInvocation.Run("eval", last.Path).Out);
    }

    [Fact]
    public void GradientNormCurveLeavesOutPartialMinibatches()
    {
        var history = new NativeNet.Training.TrainingHistory();
        history.Loss.AddRange([2.3, 2.2, 2.6, 2.0, 1.9, 2.4]);
        history.GradientNorm.AddRange([0.5, 0.6, 1.4, 0.5, 0.4, 1.2]);
        history.LearningRate.AddRange(Enumerable.Repeat(1e-3, 6));
        history.BatchSize.AddRange([64, 64, 17, 64, 64, 17]);
        history.Epoch.AddRange([0, 1, 2]);
        history.TrainAccuracy.AddRange([0.1, 0.5, 0.7]);
        var curves = NativeNet.Cli.Runners.TrainRunner.Curves(history, 3);
        Assert.Equal([0.5, 0.6, double.NaN, 0.5, 0.4, double.NaN], curves.GradientNorm);
        Assert.Equal(history.Loss, curves.Loss);
        Assert.Equal([0.0, 1, 2], curves.Epochs);
        Assert.All(curves.ValidationAccuracy, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void OneEpochThenResumeOneEqualsTwoStraight()
    {
        using var straight = new TempDirectory();
        using var resumed = new TempDirectory();
        string[] options = ["--norm", "batch", "--dropout", "0.1", "--optimizer", "adam", "--lr", "3e-3", "--no-plots", "--json"];
        var a = Train(straight.Path, [.. options, "--epochs", "2"]);
        Assert.True(a.ExitCode == 0, a.Error);
        var b1 = Train(resumed.Path, [.. options, "--epochs", "1"]);
        Assert.True(b1.ExitCode == 0, b1.Error);
        var b2 = Train(resumed.Path, [.. options, "--epochs", "2", "--resume", resumed.Path]);
        Assert.True(b2.ExitCode == 0, b2.Error);
        Assert.Contains("resuming at epoch 2", b2.Out);

        var first = SafeTensorsFile.Load(straight.File("checkpoint.safetensors"));
        var second = SafeTensorsFile.Load(resumed.File("checkpoint.safetensors"));
        Assert.Equal(first.Tensors.Select(t => t.Name), second.Tensors.Select(t => t.Name));
        foreach (var tensor in first.Tensors)
            Assert.True(first.GetRawBytes(tensor.Name).Span.SequenceEqual(second.GetRawBytes(tensor.Name).Span), $"{tensor.Name} differs");
        Assert.Contains(first.Tensors, t => t.Name == "bn1.running_mean");

        using var ja = JsonDocument.Parse(a.LastOutLine);
        using var jb = JsonDocument.Parse(b2.LastOutLine);
        Assert.Equal(ja.RootElement.GetProperty("test_accuracy").GetDouble(), jb.RootElement.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(ja.RootElement.GetProperty("iterations").GetInt64(), jb.RootElement.GetProperty("iterations").GetInt64());
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheNumbers()
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        Assert.Equal(0, CliInvocation.Run("train", "--hidden", "300", "--batch-size", "256", "--epochs", "1", "--threads", "1", "--no-plots", "--out", one.Path).ExitCode);
        Assert.Equal(0, CliInvocation.Run("train", "--hidden", "300", "--batch-size", "256", "--epochs", "1", "--threads", "2", "--no-plots", "--out", two.Path).ExitCode);
        var a = SafeTensorsFile.Load(one.File("checkpoint.safetensors"));
        var b = SafeTensorsFile.Load(two.File("checkpoint.safetensors"));
        foreach (var tensor in a.Tensors)
            Assert.True(a.GetRawBytes(tensor.Name).Span.SequenceEqual(b.GetRawBytes(tensor.Name).Span), $"{tensor.Name} differs");
        Assert.Equal(File.ReadAllText(one.File("history.csv")), File.ReadAllText(two.File("history.csv")));
    }

    [Fact]
    public void RegularizationOptionsTrainAndMustMatchOnResume()
    {
        using var dir = new TempDirectory();
        var first = Train(dir.Path, "--epochs", "1", "--no-plots", "--optimizer", "sgd", "--lr", "0.05", "--weight-decay", "0.01",
            "--weight-decay-mode", "unscaled", "--l2", "0.02", "--l2-convention", "full", "--l1", "1e-4", "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        var otherMode = Train(dir.Path, "--epochs", "2", "--no-plots", "--optimizer", "sgd", "--lr", "0.05", "--weight-decay", "0.01",
            "--l2", "0.02", "--l2-convention", "full", "--l1", "1e-4", "--resume", dir.Path);
        Assert.Equal(2, otherMode.ExitCode);
        Assert.Contains("was trained with weight_decay_mode \"unscaled\", but the options say null", otherMode.ErrorLines[0]);
        var otherConvention = Train(dir.Path, "--epochs", "2", "--no-plots", "--optimizer", "sgd", "--lr", "0.05", "--weight-decay", "0.01",
            "--weight-decay-mode", "unscaled", "--l2", "0.02", "--l1", "1e-4", "--resume", dir.Path);
        Assert.Equal(2, otherConvention.ExitCode);
        Assert.Contains("was trained with l2_convention \"full\", but the options say \"half\"", otherConvention.ErrorLines[0]);
        var same = Train(dir.Path, "--epochs", "2", "--no-plots", "--optimizer", "sgd", "--lr", "0.05", "--weight-decay", "0.01",
            "--weight-decay-mode", "unscaled", "--l2", "0.02", "--l2-convention", "full", "--l1", "1e-4", "--resume", dir.Path);
        Assert.True(same.ExitCode == 0, same.Error);
    }

    [Fact]
    public void ResumeWithOtherOptionsIsRefused()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Train(dir.Path, "--epochs", "1", "--no-plots").ExitCode);
        var wider = CliInvocation.Run("train", "--hidden", "32", "--batch-size", "64", "--epochs", "2", "--no-plots", "--out", dir.Path, "--resume", dir.Path);
        Assert.Equal(2, wider.ExitCode);
        Assert.Contains("--resume: ", wider.ErrorLines[0]);
        Assert.Contains("was trained with hidden_sizes [16], but the options say [32]", wider.ErrorLines[0]);
        var otherLr = Train(dir.Path, "--epochs", "2", "--no-plots", "--lr", "0.1", "--resume", dir.File("checkpoint.safetensors"));
        Assert.Equal(2, otherLr.ExitCode);
        Assert.Contains("was trained with lr 0.001, but the options say 0.1", otherLr.ErrorLines[0]);
        var missing = Train(dir.Path, "--resume", dir.File("nope"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"error: --resume: no checkpoint at {dir.File("nope")}", missing.ErrorLines[0]);
    }

    [Fact]
    public void EveryModelOptionTrains()
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "1", "--activation", "SiLU", "--norm", "layer", "--dropout", "0.2", "--init", "xavier",
            "--optimizer", "nesterov", "--lr", "0.05", "--momentum", "0.8", "--lr-decay", "0.9", "--weight-decay", "1e-4", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var architecture = NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"))["architecture"];
        Assert.Contains("\"activation\":\"swish\"", architecture);
        Assert.Contains("\"normalization\":\"layer\"", architecture);
        Assert.Contains("\"initialization\":\"xavier\"", architecture);
        Assert.False(File.Exists(dir.File("loss.png")));
    }

    [Fact]
    public void DivergenceExitsWithOneLineAndSavesNothingDiverged()
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "2", "--optimizer", "sgd", "--lr", "1e30", "--no-plots", "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: training diverged: ", run.ErrorLines[0]);
        Assert.Equal("diverged", JsonDocument.Parse(run.LastOutLine).RootElement.GetProperty("stop_reason").GetString());
        Assert.False(File.Exists(dir.File("checkpoint.safetensors")));
    }

    [Fact]
    public void CancellationSavesACheckpointAndExits130()
    {
        using var dir = new TempDirectory();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = NativeNet.Cli.Program.Run([.. Small, "--epochs", "1", "--no-plots", "--out", dir.Path], stdout, stderr, interactive: false, cancelled.Token);
        Assert.Equal(130, code);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("cancelled: Cancelled at epoch 1", lines[0]);
        Assert.Contains("--resume", lines[0]);
        Assert.True(File.Exists(dir.File("checkpoint.safetensors")));
    }

    [Fact]
    public void MnistDirectoryTrainsAndEvaluates()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        FakeImageData.WriteMnist(data.Path, train: 200, test: 50);
        var run = Train(dir.Path, "--data", "mnist:" + data.Path, "--epochs", "3", "--lr", "1e-2", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("180 train / 20 validation / 50 test, 36 features", run.Out);
        double test = JsonDocument.Parse(run.LastOutLine).RootElement.GetProperty("test_accuracy").GetDouble();
        var eval = CliInvocation.Run("eval", dir.Path, "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Equal(test, JsonDocument.Parse(eval.LastOutLine).RootElement.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void Cifar10DirectoryTrainsWithMeanImageSubtraction()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        FakeImageData.WriteCifar10(data.Path, perBatch: 20, test: 20);
        var run = Train(dir.Path, "--data", "cifar10:" + data.Path, "--epochs", "1", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("90 train / 10 validation / 20 test, 3072 features", run.Out);
        Assert.Contains("mean training image subtracted", NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"))["data"]);
    }

    [Fact]
    public void Cifar10PythonDirectoryTrains()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        FakeImageData.WriteCifar10Python(data.Path, perBatch: 20, test: 20);
        var run = Train(dir.Path, "--data", "cifar10:" + data.Path, "--epochs", "1", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("90 train / 10 validation / 20 test, 3072 features", run.Out);
    }

    [Fact]
    public void CsvFileTrainsAndEvaluates()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        string csv = FakeImageData.WriteCsv(data.File("blobs.csv"), rows: 200);
        var run = Train(dir.Path, "--data", $"csv:{csv}:0", "--epochs", "5", "--lr", "1e-2", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"csv:{csv}:0: 144 train / 16 validation / 40 test, 4 features, 3 classes", run.Out);
        double test = JsonDocument.Parse(run.LastOutLine).RootElement.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(test, 0.9, 1.0);
        Assert.Contains("standardized per feature", NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"))["data"]);
        var eval = CliInvocation.Run("eval", dir.Path, "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Equal(test, JsonDocument.Parse(eval.LastOutLine).RootElement.GetProperty("accuracy").GetDouble());

        // The label is the last column unless told: here that is a feature of fractional values.
        var wrongColumn = Train(dir.Path, "--data", $"csv:{csv}", "--epochs", "1", "--no-plots", "--overwrite");
        Assert.Equal(1, wrongColumn.ExitCode);
        Assert.Contains("is not a non-negative integer", wrongColumn.ErrorLines[0]);
        Assert.Contains(csv, wrongColumn.ErrorLines[0]);
    }

    [Fact]
    public void ValidationZeroTrainsOnEveryTrainingSample()
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "2", "--lr", "1e-2", "--validation", "0", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("digits: 1497 train / 0 validation / 300 test", run.Out);
        Assert.Contains("no validation split: --validation 0", run.Out);
        Assert.Contains("epoch 2/2: ", run.Out);
        Assert.Contains("no validation, lr", run.Out);

        using var json = JsonDocument.Parse(run.LastOutLine);
        var root = json.RootElement;
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0.8, 1.0);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("val_accuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("best_val_accuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("best_epoch").ValueKind);
        Assert.Equal(2 * 24, root.GetProperty("iterations").GetInt64()); // 1,497 samples in batches of 64
        using var history = JsonDocument.Parse(File.ReadAllText(dir.File("history.json")));
        Assert.Equal(0, history.RootElement.GetProperty("val_acc_history").GetArrayLength());
        Assert.Equal(3, history.RootElement.GetProperty("train_acc_history").GetArrayLength());   // epochs 0 to 2

        var metadata = NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"));
        Assert.Contains("\"validation\":0", metadata["hyperparameters"]);
        Assert.Contains("\"validation\":0", metadata["data"]);
        Assert.Contains("\"train\":1497", metadata["data"]);
    }

    [Fact]
    public void ResumeChecksTheValidationSplit()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Train(dir.Path, "--epochs", "1", "--validation", "0", "--no-plots").ExitCode);
        var withDefault = Train(dir.Path, "--epochs", "2", "--no-plots", "--resume", dir.Path);
        Assert.Equal(2, withDefault.ExitCode);
        Assert.Contains("was trained with validation 0, but the options say 200", withDefault.ErrorLines[0]);
        var same = Train(dir.Path, "--epochs", "2", "--validation", "0", "--no-plots", "--resume", dir.Path);
        Assert.True(same.ExitCode == 0, same.Error);
        Assert.Contains("resuming at epoch 2", same.Out);
    }

    [Fact]
    public void CustomValidationCountHoldsOutThatManySamples()
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "1", "--validation", "497", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("digits: 1000 train / 497 validation / 300 test", run.Out);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.InRange(json.RootElement.GetProperty("val_accuracy").GetDouble(), 0.0, 1.0);
        Assert.Equal(1, json.RootElement.GetProperty("best_epoch").GetInt32());
        Assert.Equal(16, json.RootElement.GetProperty("iterations").GetInt64()); // 1,000 samples in batches of 64
        Assert.Contains("\"validation\":497", NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"))["hyperparameters"]);

        using var data = new TempDirectory();
        using var mnist = new TempDirectory();
        FakeImageData.WriteMnist(data.Path, train: 200, test: 50);
        var images = Train(mnist.Path, "--data", "mnist:" + data.Path, "--epochs", "1", "--validation", "50", "--no-plots");
        Assert.True(images.ExitCode == 0, images.Error);
        Assert.Contains("150 train / 50 validation / 50 test", images.Out);
    }

    [Fact]
    public void EvalRebuildsTheSplitTheCheckpointWasTrainedWith()
    {
        // The CIFAR mean image is fitted on the training split, so the test set depends on the validation count.
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        FakeImageData.WriteCifar10(data.Path, perBatch: 20, test: 20);
        var run = Train(dir.Path, "--data", "cifar10:" + data.Path, "--epochs", "2", "--lr", "1e-2", "--validation", "0", "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("100 train / 0 validation / 20 test", run.Out);
        Assert.Contains("no validation split; mean training image subtracted", NativeNet.Training.Checkpoint.ReadMetadata(dir.File("checkpoint.safetensors"))["data"]);
        double test = JsonDocument.Parse(run.LastOutLine).RootElement.GetProperty("test_accuracy").GetDouble();
        var eval = CliInvocation.Run("eval", dir.Path, "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Equal(test, JsonDocument.Parse(eval.LastOutLine).RootElement.GetProperty("accuracy").GetDouble());
    }

    [Theory]
    [InlineData("digits", 1497, "--validation 1497 must be smaller than the 1497 training samples of digits (0 trains on all of them)")]
    [InlineData("mnist", 5000, "--validation 5000 must be smaller than the 200 training samples of mnist:")]
    public void ValidationCountOfTheWholeTrainingSetIsRefused(string kind, int validation, string expected)
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        FakeImageData.WriteMnist(data.Path, train: 200, test: 50);
        string spec = kind == "mnist" ? "mnist:" + data.Path : kind;
        var run = Train(dir.Path, "--data", spec, "--validation", validation.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-plots");
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Equal("error: " + expected + (kind == "mnist" ? data.Path + " (0 trains on all of them)" : ""), run.ErrorLines[0]);
        Assert.False(File.Exists(dir.File("checkpoint.safetensors")));
    }

    [Theory]
    [InlineData("mnist:/nonexistent/mnist", "--data mnist: directory /nonexistent/mnist does not exist")]
    [InlineData("cifar10:/nonexistent/cifar", "/nonexistent/cifar")]
    public void MissingDataIsOneLineWithExitCode1(string spec, string expected)
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--data", spec);
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.ErrorLines[0]);
    }
}
