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
}
