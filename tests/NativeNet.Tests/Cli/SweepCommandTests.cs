using System.Text.Json;
using NativeNet.Tests.Distributed;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Cli;

/// <summary><c>nativenet sweep</c>: a grid of whole train runs, in one process or spread over MPI ranks.</summary>
public class SweepCommandTests
{
    // A 2×2 grid of one-epoch runs on a digits subset: seconds in all.
    private static readonly string[] Grid =
        ["sweep", "--lr", "1e-3,1e-2", "--optimizer", "sgd,adam", "--hidden", "16", "--epochs", "1", "--train-subset", "300", "--threads", "1", "--json"];

    private static string[] SweepArgs(string dir, params string[] more) => [.. Grid, "--out", dir, .. more];

    [Fact]
    public void EveryCombinationIsOneRunInGridOrder()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run(SweepArgs(dir.Path));
        Assert.True(run.ExitCode == 0, run.Error);

        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("summary.json")));
        var runs = summary.RootElement.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([(1e-3, "sgd"), (1e-3, "adam"), (1e-2, "sgd"), (1e-2, "adam")],
            runs.Select(r => (r.GetProperty("lr").GetDouble(), r.GetProperty("optimizer").GetString()!)).ToArray());
        Assert.All(runs, r => Assert.Equal("completed", r.GetProperty("stop_reason").GetString()));
        Assert.All(runs, r => Assert.True(File.Exists(Path.Combine(dir.Path, r.GetProperty("run").GetString()!, "checkpoint.safetensors"))));
        string[] csv = File.ReadAllLines(dir.File("summary.csv"));
        Assert.Equal("run,lr,optimizer,batch_size,hidden,activation,seed,val_accuracy,best_val_accuracy,best_epoch,test_accuracy,final_loss,epochs,stop_reason", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.True(File.Exists(dir.File("summary.png")));
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(1, json.RootElement.GetProperty("ranks").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public void ARunOfTheGridIsTheTrainRunOfItsSettings()
    {
        using var dir = new TempDirectory();
        var sweep = CliInvocation.Run([.. SweepArgs(Path.Combine(dir.Path, "sweep")), "--no-plots"]);
        Assert.True(sweep.ExitCode == 0, sweep.Error);
        var train = CliInvocation.Run("train", "--lr", "1e-2", "--optimizer", "adam", "--hidden", "16", "--epochs", "1", "--train-subset", "300", "--threads", "1",
            "--no-plots", "--json", "--out", Path.Combine(dir.Path, "train"));
        Assert.True(train.ExitCode == 0, train.Error);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "sweep", "summary.json")));
        var last = summary.RootElement.GetProperty("runs")[3];
        using var trained = JsonDocument.Parse(train.LastOutLine);
        Assert.Equal(trained.RootElement.GetProperty("test_accuracy").GetDouble(), last.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(trained.RootElement.GetProperty("final_loss").GetDouble(), last.GetProperty("final_loss").GetDouble());
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "train", "model.safetensors")), File.ReadAllBytes(Path.Combine(dir.Path, "sweep", "run-003", "model.safetensors")));
    }

    [Theory]
    [InlineData("--lr", "1e-3,-1", "error: --lr item '-1': --lr must be positive (got -1)")]
    [InlineData("--optimizer", "sgd,adma", "error: --optimizer item 'adma': unknown optimizer 'adma' (did you mean 'adam'?)")]
    public void AnItemTrainWouldRefuseIsAUsageErrorNamingIt(string option, string list, string error)
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("sweep", option, list, "--out", dir.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(error, run.ErrorLines[0]);
    }

    [Fact]
    public void HiddenItemsJoinTheirWidthsWithADash()
    {
        using var dir = new TempDirectory();
        var run = CliInvocation.Run("sweep", "--hidden", "16-8,12", "--epochs", "1", "--train-subset", "100", "--threads", "1", "--no-plots", "--json", "--out", dir.Path);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(["16-8", "12"], json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("hidden").GetString()!).ToArray());
    }

    [Fact]
    public void ASecondSweepIntoTheSameFolderNeedsOverwrite()
    {
        using var dir = new TempDirectory();
        string[] tiny = ["sweep", "--seed", "1,2", "--hidden", "8", "--epochs", "1", "--train-subset", "100", "--threads", "1", "--no-plots", "--out", dir.Path];
        Assert.Equal(0, CliInvocation.Run(tiny).ExitCode);
        var again = CliInvocation.Run(tiny);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith($"error: --out {dir.Path} already holds run-000/checkpoint.safetensors; pass --overwrite", again.ErrorLines[0]);
        Assert.Equal(0, CliInvocation.Run([.. tiny, "--overwrite"]).ExitCode);
    }

    [SkippableFact]
    public void TwoRanksWriteTheSummaryOfOneProcess()
    {
        OptionalDependency.RequireMpi();
        using var dir = new TempDirectory();
        string single = Path.Combine(dir.Path, "single"), ranks = Path.Combine(dir.Path, "ranks");
        var reference = CliInvocation.Run(SweepArgs(single, "--no-plots"));
        Assert.True(reference.ExitCode == 0, reference.Error);

        var (code, output) = MpiRun.Exec(["-n", "2", MpiRun.Dotnet, MpiRun.Program("NativeNet.Cli.dll"), .. SweepArgs(ranks, "--no-plots")]);
        Assert.True(code == 0, output);
        // Rank 0 alone prints the result; both ranks ran runs.
        var results = output.Split('\n').Where(line => line.StartsWith('{')).ToArray();
        using (var json = JsonDocument.Parse(Assert.Single(results))) Assert.Equal(2, json.RootElement.GetProperty("ranks").GetInt32());
        Assert.Contains("rank 0)", output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "summary.json")), File.ReadAllBytes(Path.Combine(ranks, "summary.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "summary.csv")), File.ReadAllBytes(Path.Combine(ranks, "summary.csv")));
        Assert.True(File.Exists(Path.Combine(ranks, "run-001", "checkpoint.safetensors")), "rank 1's run wrote no checkpoint");
    }
}
