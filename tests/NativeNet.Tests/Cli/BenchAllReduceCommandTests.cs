using System.Text.Json;
using NativeNet.Cli.Bench;
using NativeNet.Tests.Distributed;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Cli;

/// <summary><c>nativenet bench allreduce</c> and its scaling model.</summary>
public class BenchAllReduceCommandTests
{
    [Fact]
    public void TheRingMovesTwiceTheGradientAndPaysTwoLatenciesPerOtherRank()
    {
        // 8 Gb/s is 1e9 bytes/s; additions so fast they vanish.
        var model = new ScalingModel(8, 1e-5, double.PositiveInfinity);
        Assert.Equal(0, model.RingSeconds(1, 1e9));
        Assert.Equal(2.0 * 3 / 4 + 2 * 3 * 1e-5, model.RingSeconds(4, 1e9), 12);
        // Recursive doubling: log₂ P whole-vector exchanges.
        Assert.Equal(5 * (1 + 1e-5), model.TreeSeconds(32, 1e9), 12);
        Assert.Equal(0.75, ScalingModel.Efficiency(3, 1));
    }

    [Fact]
    public void AdditionsCostEveryRoundOfTheTreeAndOnceOverTheRing()
    {
        var model = new ScalingModel(8, 0, 1e9);
        Assert.Equal(3 * (1 + 1), model.TreeSeconds(8, 1e9), 12);
        Assert.Equal(2.0 * 7 / 8 + 7.0 / 8, model.RingSeconds(8, 1e9), 12);
    }

    [Theory]
    [InlineData("4K,1M", new long[] { 4096, 1048576 })]
    [InlineData("64", new long[] { 64 })]
    public void SizesTakeKAndMSuffixes(string text, long[] bytes) => Assert.Equal(bytes, AllReduceBenchOptions.ParseSizes(text));

    [Theory]
    [InlineData("3")]
    [InlineData("1G")]
    [InlineData("0")]
    public void ASizeThatIsNoWholeFloatVectorIsAUsageError(string sizes)
    {
        var run = CliInvocation.Run("bench", "allreduce", "--sizes", sizes);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --sizes expects byte counts", run.ErrorLines[0]);
    }

    [Fact]
    public void OneProcessModelsEveryCatalogWorkloadAndPlots()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("bench", "allreduce", "--seconds", "0.02", "--sizes", "4K", "--model-plot", dir.File("scaling"), "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        var workloads = json.RootElement.GetProperty("workloads").EnumerateArray().ToArray();
        Assert.Equal(TrainWorkloads.Names, workloads.Select(w => w.GetProperty("workload").GetString()));
        Assert.All(workloads, w => Assert.True(w.GetProperty("ms_per_step").GetDouble() > 0));
        var fashion = workloads.Single(w => w.GetProperty("workload").GetString() == "fashion-mlp");
        Assert.Equal((784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10 + 1) * 4, fashion.GetProperty("gradient_bytes").GetInt64());
        var model = json.RootElement.GetProperty("model").EnumerateArray().ToArray();
        Assert.Equal(TrainWorkloads.All.Count * ScalingModel.Links.Count * ScalingModel.Ranks.Count, model.Length);
        Assert.All(model, m => Assert.InRange(m.GetProperty("tree_efficiency").GetDouble(), 0.0, 1.0));
        Assert.True(File.Exists(dir.File("scaling.png")));
    }

    [SkippableFact]
    public void UnderMpiexecEverySizeIsTimedAndRankZeroPrintsOnce()
    {
        OptionalDependency.RequireMpi();
        var (code, output) = MpiRun.Exec(["-n", "2", MpiRun.Dotnet, MpiRun.Program("NativeNet.Cli.dll"), "bench", "allreduce", "--sizes", "4K,64K", "--repeats", "3", "--json"]);
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(Assert.Single(output.Split('\n'), line => line.StartsWith('{')));
        Assert.Equal(2, json.RootElement.GetProperty("ranks").GetInt32());
        var sizes = json.RootElement.GetProperty("allreduce").EnumerateArray().ToArray();
        Assert.Equal([4096L, 65536L], sizes.Select(s => s.GetProperty("bytes").GetInt64()));
        Assert.All(sizes, s => Assert.True(s.GetProperty("best_ms").GetDouble() > 0 && s.GetProperty("best_ms").GetDouble() <= s.GetProperty("median_ms").GetDouble()));
    }
}
