using System.Text.Json;

namespace NativeNet.Tests.Cli;

public class ExperimentCommandTests
{
    [Theory]
    [InlineData("batchnorm", 4, new[] { "loss", "validation-accuracy" })]
    [InlineData("init", 3, new[] { "grad-norm", "loss", "validation-accuracy" })]
    [InlineData("optimizers", 5, new[] { "loss", "validation-accuracy" })]
    [InlineData("vanishing-gradients", 2, new[] { "gradient-ratio", "layer-grad-norm", "loss", "validation-accuracy" })]
    [InlineData("lr-sweep", 10, new[] { "accuracy-vs-lr", "loss-vs-lr" })]
    [InlineData("overfit", 1, new[] { "loss", "accuracy" })]
    [InlineData("regularization", 7, new[] { "sgd-loss", "sgd-train-accuracy", "sgd-validation-accuracy", "adam-loss", "adam-train-accuracy", "adam-validation-accuracy" })]
    public void WritesPlotsAndSummary(string name, int runs, string[] plots)
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", name, "--epochs", "1", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain('\u001b', run.Out);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(name, json.RootElement.GetProperty("experiment").GetString());
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal(runs, rows.GetArrayLength());
        foreach (var row in rows.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(row.GetProperty("run").GetString()));
            Assert.True(row.TryGetProperty("test_acc", out _));
        }
        Assert.Equal(1 + runs, File.ReadAllLines(dir.File("summary.csv")).Length);
        using (JsonDocument.Parse(File.ReadAllText(dir.File("summary.json")))) { }
        foreach (var plot in plots)
        {
            ImageAssert.ValidPng(dir.File(plot + ".png"));
            ImageAssert.ValidSvg(dir.File(plot + ".svg"));
        }
    }

    [Fact]
    public void VanishingGradientsShowsSigmoidFirstLayerStarved()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", "vanishing-gradients", "--epochs", "1", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var rows = JsonDocument.Parse(run.LastOutLine).RootElement.GetProperty("rows");
        double sigmoid = rows[0].GetProperty("first_last_epoch_1").GetDouble();
        double relu = rows[1].GetProperty("first_last_epoch_1").GetDouble();
        Assert.True(sigmoid < 1e-3 && relu > 0.1, $"sigmoid {sigmoid}, relu {relu}");
    }

    [Fact]
    public void RegularizationReportsSgdWeightDecayAndHalfL2BitIdentical()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", "regularization", "--epochs", "2", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonDocument.Parse(run.LastOutLine).RootElement;
        Assert.Equal(0.0, root.GetProperty("max_abs_diff").GetDouble());
        var rows = root.GetProperty("rows");
        var byName = rows.EnumerateArray().ToDictionary(r => r.GetProperty("run").GetString()!);
        var decay = byName["sgd + weight decay"];
        var l2 = byName["sgd + l2 (half)"];
        Assert.Equal(decay.GetProperty("weight_decay").GetDouble(), l2.GetProperty("l2_half").GetDouble());
        Assert.Equal(decay.GetProperty("weight_norm").GetDouble(), l2.GetProperty("weight_norm").GetDouble());
        Assert.Equal(decay.GetProperty("test_acc").GetDouble(), l2.GetProperty("test_acc").GetDouble());
        Assert.NotEqual(byName["sgd"].GetProperty("weight_norm").GetDouble(), decay.GetProperty("weight_norm").GetDouble());
        Assert.Equal("decoupled", byName["adamw"].GetProperty("mode").GetString());
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("summary.json")));
        Assert.Equal(0.0, summary.RootElement.GetProperty("max_abs_diff").GetDouble());
    }

    [Fact]
    public void SameSeedSameSummary()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        Assert.Equal(0, CliInvocation.Run("experiment", "optimizers", "--epochs", "1", "--seed", "7", "--out", a.Path).ExitCode);
        Assert.Equal(0, CliInvocation.Run("experiment", "optimizers", "--epochs", "1", "--seed", "7", "--out", b.Path).ExitCode);
        Assert.Equal(0, CliInvocation.Run("experiment", "optimizers", "--epochs", "1", "--seed", "8", "--out", c.Path).ExitCode);
        Assert.Equal(File.ReadAllText(a.File("summary.json")), File.ReadAllText(b.File("summary.json")));
        Assert.NotEqual(File.ReadAllText(a.File("summary.json")), File.ReadAllText(c.File("summary.json")));
    }

    [Fact]
    public void OverfitReachesFullTrainingAccuracyOnItsDefaults()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", "overfit", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonDocument.Parse(run.LastOutLine).RootElement;
        Assert.Equal(1.0, root.GetProperty("train_accuracy").GetDouble());
        Assert.Equal(50, root.GetProperty("samples").GetInt32());
        Assert.Equal(100, root.GetProperty("epochs").GetInt32());
        Assert.True(root.GetProperty("final_loss").GetDouble() < 0.05, run.LastOutLine);
        Assert.Equal(1.0, root.GetProperty("rows")[0].GetProperty("train_acc").GetDouble());
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("summary.json")));
        Assert.Equal(1.0, summary.RootElement.GetProperty("train_accuracy").GetDouble());
        Assert.Contains("train_acc", File.ReadAllLines(dir.File("summary.csv"))[0]);
    }

    [Fact]
    public void BatchSizeSummarizesEachConfigurationFromItsSeeds()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", "batch-size", "--epochs", "1", "--seeds", "2", "--tolerance", "0.2", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonDocument.Parse(run.LastOutLine).RootElement;
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(12, runs.Count);
        Assert.Equal(1 + 6, File.ReadAllLines(dir.File("summary.csv")).Length);
        Assert.Equal(1 + 12, File.ReadAllLines(dir.File("runs.csv")).Length);
        double best = rows.Max(r => r.GetProperty("train_acc_mean").GetDouble());
        var within = root.GetProperty("within_tolerance").EnumerateArray().Select(e => e.GetString()).ToList();
        foreach (var row in rows)
        {
            int batchSize = row.GetProperty("batch_size").GetInt32();
            double momentum = row.GetProperty("momentum").GetDouble();
            double[] finals = [.. runs.Where(r => r.GetProperty("batch_size").GetInt32() == batchSize && r.GetProperty("momentum").GetDouble() == momentum)
                .Select(r => r.GetProperty("train_acc").GetDouble())];
            Assert.Equal(2, finals.Length);
            double mean = finals.Average();
            double std = Math.Sqrt(finals.Sum(v => (v - mean) * (v - mean)) / (finals.Length - 1));
            Assert.Equal(mean, row.GetProperty("train_acc_mean").GetDouble(), 12);
            Assert.Equal(std, row.GetProperty("train_acc_std").GetDouble(), 12);
            Assert.Equal(finals.Min(), row.GetProperty("train_acc_min").GetDouble());
            Assert.Equal(finals.Max(), row.GetProperty("train_acc_max").GetDouble());
            bool agrees = best - mean <= 0.2;
            Assert.Equal(agrees, row.GetProperty("within_tolerance").GetBoolean());
            Assert.Equal(agrees, within.Contains(row.GetProperty("run").GetString()));
        }
        Assert.Equal(new[] { 16, 64, 256 }, rows.Select(r => r.GetProperty("batch_size").GetInt32()).Distinct());
        foreach (var plot in new[] { "loss", "train-accuracy" })
        {
            ImageAssert.ValidPng(dir.File(plot + ".png"));
            ImageAssert.ValidSvg(dir.File(plot + ".svg"));
        }
    }

    [Theory]
    [InlineData("overfit", "--samples", "20")]
    [InlineData("batch-size", "--seeds", "1")]
    public void NewStudiesAreReproducibleFromTheSeed(string name, string option, string value)
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = CliInvocation.Run("experiment", name, "--epochs", "1", option, value, "--seed", "3", "--out", a.Path, "--json");
        var second = CliInvocation.Run("experiment", name, "--epochs", "1", option, value, "--seed", "3", "--out", b.Path, "--json");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.Equal(first.LastOutLine, second.LastOutLine);
        Assert.Equal(File.ReadAllText(a.File("summary.json")), File.ReadAllText(b.File("summary.json")));
    }

    [Fact]
    public void OverfitWithMoreSamplesThanTheTrainingSplitIsAUsageError()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", "overfit", "--samples", "5000", "--out", dir.Path);
        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.ErrorLines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("--samples 5000 exceeds the 1297 training samples of --data digits", error);
    }

    [Fact]
    public void OlderExperimentTakesTheSharedOptionsAndAveragesOverSeeds()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", "init", "--epochs", "1", "--seeds", "2", "--hidden", "16,16", "--norm", "batch", "--optimizer", "sgd",
            "--lr", "0.05", "--batch-size", "128", "--seed", "5", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonDocument.Parse(run.LastOutLine).RootElement;
        Assert.Equal((2, 5UL, "digits", "batch", "sgd", 0.05, 128), (root.GetProperty("seeds").GetInt32(), root.GetProperty("seed").GetUInt64(),
            root.GetProperty("data").GetString(), root.GetProperty("norm").GetString(), root.GetProperty("optimizer").GetString(),
            root.GetProperty("lr").GetDouble(), root.GetProperty("batch_size").GetInt32()));
        Assert.Equal([16, 16], root.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()));
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(6, runs.Count);
        Assert.Equal([5UL, 6UL], runs.Select(r => r.GetProperty("seed").GetUInt64()).Distinct());
        foreach (var row in rows)
        {
            string name = row.GetProperty("run").GetString()!;
            double[] finals = [.. runs.Where(r => r.GetProperty("run").GetString() == name).Select(r => r.GetProperty("test_acc").GetDouble())];
            Assert.Equal(2, finals.Length);
            double mean = finals.Average();
            Assert.Equal(mean, row.GetProperty("test_acc").GetDouble(), 12);
            Assert.Equal(Math.Sqrt(finals.Sum(v => (v - mean) * (v - mean))), row.GetProperty("test_acc_std").GetDouble(), 12);
        }
        // One epoch of 1,297 samples in batches of 128 is 11 iterations, so --batch-size reached the runs.
        Assert.Contains("±", run.Out);
        Assert.Equal(1 + 3, File.ReadAllLines(dir.File("summary.csv")).Length);
        Assert.Equal(1 + 6, File.ReadAllLines(dir.File("runs.csv")).Length);
        foreach (var plot in new[] { "grad-norm", "loss", "validation-accuracy" })
        {
            ImageAssert.ValidPng(dir.File(plot + ".png"));
            ImageAssert.ValidSvg(dir.File(plot + ".svg"));
            Assert.Contains("2 seeds (mean, min–max)", File.ReadAllText(dir.File(plot + ".svg")));
        }
    }

    [Fact]
    public void ExperimentReadsTheDataOfDataOption()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("blobs.csv");
        var random = new Random(3);
        File.WriteAllLines(csv, Enumerable.Range(0, 200).Select(i => $"{random.NextDouble() + i % 2},{random.NextDouble()},{i % 2}"));
        var run = CliInvocation.Run("experiment", "optimizers", "--epochs", "1", "--data", "csv:" + csv, "--hidden", "8", "--out", dir.File("out"), "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonDocument.Parse(run.LastOutLine).RootElement;
        Assert.Equal("csv:" + csv, root.GetProperty("data").GetString());
        Assert.Equal(5, root.GetProperty("rows").GetArrayLength());
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.File("out"), "summary.json")));
        Assert.Equal(8, summary.RootElement.GetProperty("hidden")[0].GetInt32());
    }

    [Fact]
    public void StudyWideResultsOverSeedsAreTheirMeanBesideEverySeedsValue()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("experiment", "overfit", "--epochs", "2", "--samples", "20", "--seeds", "2", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var root = JsonDocument.Parse(run.LastOutLine).RootElement;
        Assert.Equal(20, root.GetProperty("samples").GetInt32());
        Assert.False(root.TryGetProperty("samples_per_seed", out _));
        double[] losses = [.. root.GetProperty("final_loss_per_seed").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(2, losses.Length);
        Assert.Equal(losses.Average(), root.GetProperty("final_loss").GetDouble(), 12);
        Assert.Equal(2, root.GetProperty("runs").GetArrayLength());
    }
}
