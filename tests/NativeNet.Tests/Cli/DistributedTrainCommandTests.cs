using System.Text.Json;
using NativeNet.IO;
using NativeNet.Tensors;
using NativeNet.Tests.Distributed;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Cli;

/// <summary><c>nativenet train</c> data-parallel: --shards in one process, and the same run under mpiexec.</summary>
public class DistributedTrainCommandTests
{
    private static readonly string[] Small = ["train", "--hidden", "16", "--dropout", "0.2", "--batch-size", "64", "--threads", "1", "--no-plots", "--json"];

    private static string Cli => MpiRun.Program("NativeNet.Cli.dll");

    private static string[] TrainArgs(string dir, params string[] more) => [.. Small, "--out", dir, .. more];

    private static JsonElement ShardsOf(string checkpoint)
    {
        using var hyperparameters = JsonDocument.Parse(SafeTensorsFile.Load(checkpoint).Metadata["hyperparameters"]);
        return hyperparameters.RootElement.GetProperty("shards").Clone();
    }

    [Fact]
    public void ShardsInOneProcessReportOneRankAndRecordTheShardCount()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run(TrainArgs(dir.Path, "--epochs", "1", "--shards", "8"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("data-parallel on 1 rank, 8 shards per batch", run.Out);
        using (var json = JsonDocument.Parse(run.LastOutLine)) Assert.Equal(1, json.RootElement.GetProperty("ranks").GetInt32());
        Assert.Equal(8, ShardsOf(dir.File("checkpoint.safetensors")).GetInt32());

        // The shard count shapes the rounding, so a sharded run does not continue as a plain one.
        var plain = CliInvocation.Run(TrainArgs(dir.Path, "--epochs", "2", "--resume", dir.Path));
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("was trained with shards 8", plain.Error);
    }

    [Fact]
    public void ThePlainSolverReportsOneRankAndNoShards()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run(TrainArgs(dir.Path, "--epochs", "1"));
        Assert.True(run.ExitCode == 0, run.Error);
        using (var json = JsonDocument.Parse(run.LastOutLine)) Assert.Equal(1, json.RootElement.GetProperty("ranks").GetInt32());
        Assert.Equal(JsonValueKind.Null, ShardsOf(dir.File("checkpoint.safetensors")).ValueKind);
    }

    [Fact]
    public void AShardCountThatIsNoPowerOfTwoIsAUsageError()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run(TrainArgs(dir.Path, "--shards", "6"));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --shards must be a power of two (got 6)", run.ErrorLines[0]);
    }

    [SkippableFact]
    public void BatchNormalizationTrainsOnTwoRanksAsShardsInOneProcess()
    {
        using var dir = new TempDirectory();
        string single = Path.Combine(dir.Path, "single"), ranks = Path.Combine(dir.Path, "ranks");
        var reference = CliInvocation.Run(TrainArgs(single, "--epochs", "1", "--norm", "batch", "--shards", "4"));
        Assert.True(reference.ExitCode == 0, reference.Error);
        Assert.Contains("data-parallel on 1 rank, 4 shards per batch", reference.Out);

        OptionalDependency.RequireMpi();
        var (code, output) = MpiRun.Exec(["-n", "2", MpiRun.Dotnet, Cli, .. TrainArgs(ranks, "--epochs", "1", "--norm", "batch", "--shards", "4")]);
        Assert.True(code == 0, output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "checkpoint.safetensors")), File.ReadAllBytes(Path.Combine(ranks, "checkpoint.safetensors")));
    }

    [SkippableFact]
    public void ARegressionTrainsOnTwoRanksAsShardsInOneProcess()
    {
        using var dir = new TempDirectory();
        var rng = new Rng(4);
        var csv = new System.Text.StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            double a = rng.NextDouble(), b = rng.NextDouble();
            csv.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{a:R},{b:R},{3 * a - b:R}\n"));
        }
        File.WriteAllText(dir.File("data.csv"), csv.ToString());
        string[] Args(string outDir) => ["train", "--task", "regression", "--data", "csv:" + dir.File("data.csv"), "--hidden", "8", "--epochs", "2",
            "--batch-size", "32", "--threads", "1", "--no-plots", "--json", "--shards", "4", "--out", outDir];
        string single = Path.Combine(dir.Path, "single"), ranks = Path.Combine(dir.Path, "ranks");
        var reference = CliInvocation.Run(Args(single));
        Assert.True(reference.ExitCode == 0, reference.Error);
        Assert.Contains("data-parallel on 1 rank, 4 shards per batch", reference.Out);

        OptionalDependency.RequireMpi();
        var (code, output) = MpiRun.Exec(["-n", "2", MpiRun.Dotnet, Cli, .. Args(ranks)]);
        Assert.True(code == 0, output);
        var results = output.Split('\n').Where(line => line.StartsWith('{')).ToArray();
        using (var json = JsonDocument.Parse(Assert.Single(results))) Assert.Equal(2, json.RootElement.GetProperty("ranks").GetInt32());
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "checkpoint.safetensors")), File.ReadAllBytes(Path.Combine(ranks, "checkpoint.safetensors")));
    }

    [SkippableFact]
    public void RanksWriteTheCheckpointOfOneProcessAndResumeOnAnotherRankCount()
    {
        OptionalDependency.RequireMpi();
        using var dir = new TempDirectory();
        string single = Path.Combine(dir.Path, "single"), ranks = Path.Combine(dir.Path, "ranks");
        var reference = CliInvocation.Run(TrainArgs(single, "--epochs", "2", "--shards", "8"));
        Assert.True(reference.ExitCode == 0, reference.Error);

        var (first, firstOutput) = MpiRun.Exec(["-n", "2", MpiRun.Dotnet, Cli, .. TrainArgs(ranks, "--epochs", "1")]);
        Assert.True(first == 0, firstOutput);
        var (second, secondOutput) = MpiRun.Exec(["-n", "4", MpiRun.Dotnet, Cli, .. TrainArgs(ranks, "--epochs", "2", "--resume", ranks)]);
        Assert.True(second == 0, secondOutput);

        // Rank 0 alone prints: one JSON result, reporting the world size.
        var results = secondOutput.Split('\n').Where(line => line.StartsWith('{')).ToArray();
        using (var json = JsonDocument.Parse(Assert.Single(results))) Assert.Equal(4, json.RootElement.GetProperty("ranks").GetInt32());
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "checkpoint.safetensors")), File.ReadAllBytes(Path.Combine(ranks, "checkpoint.safetensors")));
    }

    [SkippableFact]
    public void ARankCountThatCannotKeepTheTreeStopsEveryRankWithTheReason()
    {
        OptionalDependency.RequireMpi();
        using var dir = new TempDirectory();
        var (code, output) = MpiRun.Exec(["-n", "3", MpiRun.Dotnet, Cli, .. TrainArgs(dir.Path, "--epochs", "1")]);
        Assert.NotEqual(0, code);
        Assert.Contains("power-of-two number of ranks", output);
        Assert.False(File.Exists(Path.Combine(dir.Path, "checkpoint.safetensors")));
    }

    [SkippableFact]
    public void AFailedDataReadOnOneRankEndsEveryRankAndKeepsTheCheckpoint()
    {
        OptionalDependency.RequireMpi();
        using var dir = new TempDirectory();
        var first = CliInvocation.Run(TrainArgs(dir.Path, "--epochs", "1", "--shards", "8"));
        Assert.True(first.ExitCode == 0, first.Error);
        byte[] saved = File.ReadAllBytes(dir.File("checkpoint.safetensors"));

        // Rank 0 reads the digits; rank 1 is given a file that is not there.
        string missing = dir.File("missing.csv");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output) = MpiRun.Exec(["-n", "1", MpiRun.Dotnet, Cli, .. TrainArgs(dir.Path, "--epochs", "2", "--resume", dir.Path), ":",
            "-n", "1", MpiRun.Dotnet, Cli, .. TrainArgs(dir.Path, "--epochs", "2", "--resume", dir.Path, "--data", "csv:" + missing)]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the ranks took {clock.Elapsed.TotalSeconds:F0} s to stop");
        Assert.NotEqual(0, code);
        Assert.Contains("error: rank 1 of 2:", output);
        Assert.Contains("missing.csv", output);
        Assert.Equal(saved, File.ReadAllBytes(dir.File("checkpoint.safetensors")));
    }
}
