using System.Globalization;
using System.Text.Json;

namespace NativeNet.Tests.Cli;

public class PlaygroundCommandTests
{
    [Fact]
    public void WritesCsvPlotsTableAndJson()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("playground", "--objective", "rosenbrock", "--optimizer", "sgd,momentum,adam", "--steps", "300", "--lr", "1e-3", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain('\u001b', run.Out);

        using var json = JsonDocument.Parse(run.LastOutLine);
        var root = json.RootElement;
        Assert.Equal("rosenbrock", root.GetProperty("objective").GetString());
        var runs = root.GetProperty("runs");
        Assert.Equal(3, runs.GetArrayLength());
        Assert.Equal("momentum", runs[1].GetProperty("optimizer").GetString());
        Assert.Equal(300, runs[0].GetProperty("steps_taken").GetInt32());
        Assert.Equal(2, runs[0].GetProperty("final_point").GetArrayLength());
        Assert.True(runs[0].GetProperty("error").GetDouble() > 0);

        string[] csv = File.ReadAllLines(dir.File("trajectory.csv"));
        Assert.Equal("optimizer,lr,step,x0,x1,value,error", csv[0]);
        Assert.Equal(1 + 3 * 301, csv.Length);
        Assert.StartsWith("sgd,0.001,0,-1.5,2,", csv[1]);

        ImageAssert.ValidPng(dir.File("contour.png"));
        ImageAssert.ValidSvg(dir.File("contour.svg"));
        ImageAssert.ValidPng(dir.File("error.png"));
        ImageAssert.ValidSvg(dir.File("error.svg"));
        ImageAssert.ValidPng(dir.File("value.png"));
        ImageAssert.ValidSvg(dir.File("value.svg"));
        Assert.Equal(1 + 3 * 301, File.ReadAllLines(dir.File("log-curves.csv")).Length);
        Assert.Contains("momentum", run.Out);
        Assert.Contains("steps to", run.Out);
    }

    [Theory]
    [InlineData("quadratic")]
    [InlineData("rotated-quadratic")]
    [InlineData("beale")]
    [InlineData("himmelblau")]
    [InlineData("diagonal")]
    [InlineData("mean")]
    public void EveryObjectiveRuns(string objective)
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("playground", "--objective", objective, "--optimizer", "adam", "--lr", "0.05", "--steps", "200", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(objective == "diagonal" ? "diagonal" : objective == "mean" ? "mean" : objective, json.RootElement.GetProperty("objective").GetString());
        ImageAssert.ValidPng(dir.File("contour.png"));
        ImageAssert.ValidPng(dir.File("error.png"));
    }

    [Fact]
    public void HigherDimensionalQuadraticSkipsTheContourPlot()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("playground", "--objective", "diagonal", "--singular-values", "1,0.1,0.01", "--lr", "1", "--steps", "50", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(File.Exists(dir.File("contour.png")));
        ImageAssert.ValidPng(dir.File("error.png"));
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(3, json.RootElement.GetProperty("runs")[0].GetProperty("final_point").GetArrayLength());
    }

    [Fact]
    public void DivergenceIsReportedWithItsStep()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("playground", "--optimizer", "sgd", "--lr", "0.01", "--steps", "1000", "--no-plots", "--out", dir.Path, "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"sgd diverged at step \d+: the (gradient|point|objective value) overflowed\.", run.Out);
        Assert.DoesNotContain("NaN", run.Out);
        using var json = JsonDocument.Parse(run.LastOutLine);
        int step = json.RootElement.GetProperty("runs")[0].GetProperty("diverged_at_step").GetInt32();
        Assert.InRange(step, 2, 50);
        Assert.Equal(step - 1, json.RootElement.GetProperty("runs")[0].GetProperty("steps_taken").GetInt32());
    }

    [Fact]
    public void SameSeedSameNumbers()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        string[] Args(string dir) => ["playground", "--objective", "mean", "--optimizer", "sgd", "--lr", "0.05", "--steps", "500", "--seed", "3", "--no-plots", "--out", dir];
        Assert.Equal(0, CliInvocation.Run(Args(a.Path)).ExitCode);
        Assert.Equal(0, CliInvocation.Run(Args(b.Path)).ExitCode);
        Assert.Equal(File.ReadAllText(a.File("trajectory.csv")), File.ReadAllText(b.File("trajectory.csv")));
    }

    [Theory]
    [InlineData("--lr=-1", "--lr must be positive (got -1)")]
    [InlineData("--steps=-5", "--steps must be a non-negative integer (got -5)")]
    [InlineData("--start=1,2,3", "--start needs 2 coordinates for the rosenbrock objective (got 3)")]
    [InlineData("--start=1,abc", "--start expects a comma-separated list where each item is a finite number (got 'abc' in '1,abc')")]
    [InlineData("--optimizer=sgd,lion", "--optimizer: unknown optimizer 'lion'; choose one of sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad")]
    [InlineData("--optimizer=sgd,nesterv", "--optimizer: unknown optimizer 'nesterv' (did you mean 'nesterov'?)")]
    [InlineData("--objective=rosenbrok", "--objective: unknown objective 'rosenbrok' (did you mean 'rosenbrock'?)")]
    [InlineData("--objective=banana", "'banana'")]
    [InlineData("--momentum=1.5", "--momentum must lie in [0, 1) (got 1.5)")]
    [InlineData("--singular-values=1,0", "--singular-values must all be positive")]
    [InlineData("--no-such-option", "--no-such-option")]
    [InlineData("--lr=0.1,-2", "--lr must be positive (got -2)")]
    [InlineData("--lr=0.1,x", "--lr expects a comma-separated list where each item is a finite number (got 'x' in '0.1,x')")]
    [InlineData("--beta2=1", "--beta2 must lie in [0, 1) (got 1)")]
    [InlineData("--data=gaussian", "--data: unknown distribution 'gaussian'; choose one of uniform, normal")]
    [InlineData("--inverse-time-decay=-1", "--inverse-time-decay must be non-negative (got -1)")]
    [InlineData("--lr-decay=0.1", "--lr-decay is train's per-epoch factor; playground decays per step with --inverse-time-decay")]
    public void BadArgumentsGiveOneClearLineAndExitCode2(string argument, string expected)
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("playground", argument, "--out", dir.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.ErrorLines[0]);
        Assert.Contains(expected, run.ErrorLines[0]);
        Assert.True(run.ErrorLines.Length <= 2, run.Error);
        Assert.DoesNotContain(" at NativeNet", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void LearningRateListRunsEachOptimizerAtEachRate()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("playground", "--objective", "quadratic", "--optimizer", "sgd,adam", "--lr", "0.01,0.1", "--steps", "20", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(4, runs.GetArrayLength());
        Assert.Equal([("sgd", 0.01), ("sgd", 0.1), ("adam", 0.01), ("adam", 0.1)],
            runs.EnumerateArray().Select(r => (r.GetProperty("optimizer").GetString(), r.GetProperty("lr").GetDouble())).ToArray());
        Assert.NotEqual(runs[0].GetProperty("final_value").GetDouble(), runs[1].GetProperty("final_value").GetDouble());
        string[] csv = File.ReadAllLines(dir.File("trajectory.csv"));
        Assert.Equal(1 + 4 * 21, csv.Length);
        Assert.Contains(csv, line => line.StartsWith("adam,0.1,20,", StringComparison.Ordinal));
        ImageAssert.ValidPng(dir.File("error.png"));
        ImageAssert.ValidPng(dir.File("value.png"));
    }

    [Theory]
    [InlineData("--beta2", "0.5")]
    [InlineData("--eps-inside-sqrt", "true")]
    public void AdamSwitchesChangeTheTrajectory(string option, string value)
    {
        using var plain = new TempDirectory();
        using var changed = new TempDirectory();
        string[] Args(string dir) => ["playground", "--objective", "rosenbrock", "--optimizer", "adam", "--lr", "0.01", "--steps", "50", "--no-plots", "--out", dir];
        Assert.Equal(0, CliInvocation.Run(Args(plain.Path)).ExitCode);
        var run = CliInvocation.Run([.. Args(changed.Path), option, value, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.NotEqual(File.ReadAllText(plain.File("trajectory.csv")), File.ReadAllText(changed.File("trajectory.csv")));
        using var json = JsonDocument.Parse(run.LastOutLine);
        if (option == "--beta2") Assert.Equal(0.5, json.RootElement.GetProperty("beta2").GetDouble());
        else Assert.True(json.RootElement.GetProperty("eps_inside_sqrt").GetBoolean());
    }

    [Theory]
    [InlineData(null, 0.35, 0.65)]
    [InlineData("uniform", 0.35, 0.65)]
    [InlineData("normal", 0.7, 1.3)]
    public void MeanDataAreUniformByDefault(string? data, double low, double high)
    {
        using var dir = new TempDirectory();
        string[] args = ["playground", "--objective", "mean", "--dimension", "1", "--optimizer", "sgd", "--lr", "0.05", "--inverse-time-decay", "0.05",
            "--steps", "2000", "--no-plots", "--out", dir.Path, "--json"];
        var run = CliInvocation.Run(data is null ? args : [.. args, "--data", data]);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(data ?? "uniform", json.RootElement.GetProperty("data").GetString());
        // The run ends near the data's mean: 1/2 for U[0,1], 1 for N(1,1).
        Assert.InRange(json.RootElement.GetProperty("runs")[0].GetProperty("final_point")[0].GetDouble(), low, high);
    }

    [Fact]
    public void InverseTimeDecayShrinksTheSteps()
    {
        using var plain = new TempDirectory();
        using var decayed = new TempDirectory();
        string[] Args(string dir) => ["playground", "--objective", "quadratic", "--optimizer", "sgd", "--lr", "0.1", "--steps", "30", "--no-plots", "--out", dir, "--json"];
        var a = CliInvocation.Run(Args(plain.Path));
        var b = CliInvocation.Run([.. Args(decayed.Path), "--inverse-time-decay", "1"]);
        using var ja = JsonDocument.Parse(a.LastOutLine);
        using var jb = JsonDocument.Parse(b.LastOutLine);
        Assert.Equal(1.0, jb.RootElement.GetProperty("inverse_time_decay").GetDouble());
        Assert.True(jb.RootElement.GetProperty("runs")[0].GetProperty("error").GetDouble() > ja.RootElement.GetProperty("runs")[0].GetProperty("error").GetDouble());
    }

    [Fact]
    public void LogPlotsStopAtTheFloor()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("playground", "--objective", "quadratic", "--optimizer", "sgd,adam", "--lr", "0.1", "--steps", "3000", "--out", dir.Path);
        Assert.True(run.ExitCode == 0, run.Error);
        var trajectory = File.ReadAllLines(dir.File("trajectory.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        double startError = double.Parse(trajectory[0][^1], CultureInfo.InvariantCulture);
        double startGap = double.Parse(trajectory[0][^2], CultureInfo.InvariantCulture);
        // Adam gets far below the floor (about 1e-70 × the start here), which is what used to stretch the axis.
        Assert.True(trajectory.Min(t => double.Parse(t[^1], CultureInfo.InvariantCulture)) < 1e-30 * startError);

        var curves = File.ReadAllLines(dir.File("log-curves.csv"));
        Assert.Equal("optimizer,lr,step,log10_error,log10_value_gap", curves[0]);
        var rows = curves.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(trajectory.Length, rows.Length);
        double errorFloor = Math.Log10(1e-12 * startError), gapFloor = Math.Log10(1e-12 * startGap);
        var logErrors = rows.Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToArray();
        var logGaps = rows.Select(r => double.Parse(r[4], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(errorFloor, logErrors.Min(), 12);
        Assert.Equal(gapFloor, logGaps.Min(), 12);
        Assert.Equal(Math.Log10(startError), logErrors[0], 12);
        Assert.Contains("floor 1e-12 × start", File.ReadAllText(dir.File("error.svg")));
    }

    [Fact]
    public void DefaultOutputFolderIsRunsPlayground()
    {
        var run = CliInvocation.Run("playground", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"--out <DIR>\s+Directory for .*\[default: runs/playground\]", System.Text.RegularExpressions.Regex.Replace(run.Out, @"\s+", " "));
        Assert.Contains("--inverse-time-decay", run.Out);
        Assert.DoesNotContain("--lr-decay", run.Out);
    }
}
