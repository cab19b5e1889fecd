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
        Assert.Equal("optimizer,step,x0,x1,value,error", csv[0]);
        Assert.Equal(1 + 3 * 301, csv.Length);
        Assert.StartsWith("sgd,0,-1.5,2,", csv[1]);

        ImageAssert.ValidPng(dir.File("contour.png"));
        ImageAssert.ValidSvg(dir.File("contour.svg"));
        ImageAssert.ValidPng(dir.File("error.png"));
        ImageAssert.ValidSvg(dir.File("error.svg"));
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
    [InlineData("--optimizer=sgd,lion", "--optimizer 'lion' is not one of sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad")]
    [InlineData("--objective=banana", "'banana'")]
    [InlineData("--momentum=1.5", "--momentum must lie in [0, 1) (got 1.5)")]
    [InlineData("--singular-values=1,0", "--singular-values must all be positive")]
    [InlineData("--no-such-option", "--no-such-option")]
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
}
