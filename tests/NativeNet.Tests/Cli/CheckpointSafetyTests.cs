using System.Text.Json.Nodes;
using NativeNet.Tests.Training;

namespace NativeNet.Tests.Cli;

public class CheckpointSafetyTests
{
    private static readonly string[] Small = ["train", "--hidden", "16", "--batch-size", "64", "--threads", "1", "--no-plots"];

    private static CliInvocation Train(string dir, params string[] more) => CliInvocation.Run([.. Small, "--out", dir, .. more]);

    private static string TrainOneEpoch(TempDirectory dir)
    {
        var run = Train(dir.Path, "--epochs", "1");
        Assert.True(run.ExitCode == 0, run.Error);
        return dir.File("checkpoint.safetensors");
    }

    private static void AssertOneLine(CliInvocation run, int code, params string[] parts)
    {
        Assert.True(run.ExitCode == code, $"exit {run.ExitCode}: {run.Error}");
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", run.ErrorLines[0]);
        Assert.DoesNotContain("unexpected", run.ErrorLines[0]);
        foreach (var part in parts) Assert.Contains(part, run.ErrorLines[0]);
    }

    [Theory]
    [InlineData("hyperparameters", "{\"lr\": ")]
    [InlineData("architecture", "{\"input_size\": \"wide\"}")]
    [InlineData("architecture", "[]")]
    public void MalformedTrainMetadataIsAFormatErrorOnResume(string key, string value)
    {
        using var dir = new TempDirectory();
        string checkpoint = TrainOneEpoch(dir);
        CheckpointEditor.SetMetadata(checkpoint, key, value);
        AssertOneLine(Train(dir.Path, "--epochs", "2", "--resume", dir.Path), 1, checkpoint, $"metadata '{key}'");
    }

    [Theory]
    [InlineData("data", "{\"spec\": ")]
    [InlineData("data", "{\"spec\": 7}")]
    [InlineData("architecture", "{\"input_size\": ")]
    public void MalformedMetadataIsAFormatErrorInEval(string key, string value)
    {
        using var dir = new TempDirectory();
        string checkpoint = TrainOneEpoch(dir);
        CheckpointEditor.SetMetadata(checkpoint, key, value);
        AssertOneLine(CliInvocation.Run("eval", dir.Path), 1, checkpoint, $"metadata '{key}'");
    }

    [Fact]
    public void EvalChecksTheArchitectureAgainstTheTensorsBeforeBuilding()
    {
        using var dir = new TempDirectory();
        string checkpoint = TrainOneEpoch(dir);
        var architecture = JsonNode.Parse(NativeNet.Training.Checkpoint.ReadMetadata(checkpoint)["architecture"])!.AsObject();
        architecture["hidden_sizes"] = new JsonArray(30000, 30000);
        CheckpointEditor.SetMetadata(checkpoint, "architecture", architecture.ToJsonString());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var eval = CliInvocation.Run("eval", dir.Path);
        AssertOneLine(eval, 1, checkpoint, "'fc1.weight'", "64, 30000");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000_000, "the network was built");
    }

    [Fact]
    public void ResumeChecksTheArchitectureAgainstTheTensors()
    {
        using var dir = new TempDirectory();
        string checkpoint = TrainOneEpoch(dir);
        var architecture = JsonNode.Parse(NativeNet.Training.Checkpoint.ReadMetadata(checkpoint)["architecture"])!.AsObject();
        architecture["hidden_sizes"] = new JsonArray(32);
        CheckpointEditor.SetMetadata(checkpoint, "architecture", architecture.ToJsonString());
        var resume = CliInvocation.Run("train", "--hidden", "32", "--batch-size", "64", "--epochs", "2", "--no-plots", "--out", dir.Path, "--resume", dir.Path);
        AssertOneLine(resume, 1, checkpoint, "'fc1.weight'");
    }

    [Fact]
    public void NonFiniteWeightsAreRefusedByResumeAndEval()
    {
        using var dir = new TempDirectory();
        string checkpoint = TrainOneEpoch(dir);
        CheckpointEditor.SetFloat32(checkpoint, "fc1.weight", 7, float.NaN);
        AssertOneLine(Train(dir.Path, "--epochs", "2", "--resume", dir.Path), 1, "'fc1.weight'", "element 7");
        AssertOneLine(CliInvocation.Run("eval", dir.Path), 1, "'fc1.weight'", "element 7");
    }

    [Theory]
    [InlineData("--lr", "1e300")]
    [InlineData("--weight-decay", "1e39")]
    [InlineData("--weight-scale", "1e40")]
    public void OptionsThatOverflowFloatAreUsageErrors(string option, string value)
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "1", option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.ErrorLines[0]);
        Assert.False(File.Exists(dir.File("checkpoint.safetensors")));
    }

    [Fact]
    public void DivergenceSaysTheDivergedStateWasNotSaved()
    {
        using var dir = new TempDirectory();
        var run = Train(dir.Path, "--epochs", "2", "--optimizer", "sgd", "--lr", "1e30");
        AssertOneLine(run, 1, "training diverged", "not saved");
        Assert.False(File.Exists(dir.File("checkpoint.safetensors")));
        Assert.DoesNotContain("checkpoint.safetensors,", run.Out);
    }

    [Fact]
    public void FreshTrainIntoAFolderWithACheckpointNeedsOverwriteOrResume()
    {
        using var dir = new TempDirectory();
        string checkpoint = TrainOneEpoch(dir);
        byte[] before = File.ReadAllBytes(checkpoint);
        var again = Train(dir.Path, "--epochs", "1", "--seed", "7");
        AssertOneLine(again, 2, dir.Path, "--overwrite", "--resume");
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
        var overwritten = Train(dir.Path, "--epochs", "1", "--seed", "7", "--overwrite");
        Assert.True(overwritten.ExitCode == 0, overwritten.Error);
        Assert.NotEqual(before, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void ASecondRunIntoALockedFolderFails()
    {
        using var dir = new TempDirectory();
        using (new FileStream(dir.File(".nativenet.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var second = Train(dir.Path, "--epochs", "1");
            AssertOneLine(second, 1, dir.Path, "another run is writing to");
            Assert.False(File.Exists(dir.File("checkpoint.safetensors")));
        }
        Assert.Equal(0, Train(dir.Path, "--epochs", "1").ExitCode);
    }

    [Fact]
    public void ResumeToNoMoreEpochsThanCompletedIsRefused()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, Train(dir.Path, "--epochs", "2").ExitCode);
        AssertOneLine(Train(dir.Path, "--epochs", "2", "--resume", dir.Path), 2, "--epochs 2", "2 epochs");
        AssertOneLine(Train(dir.Path, "--epochs", "1", "--resume", dir.Path), 2, "--epochs 1", "2 epochs");
    }

    [Fact]
    public void ResumeMismatchNamesTheFirstDifferingArchitectureField()
    {
        using var dir = new TempDirectory();
        TrainOneEpoch(dir);
        var wider = CliInvocation.Run("train", "--hidden", "32,8", "--batch-size", "64", "--epochs", "2", "--no-plots", "--out", dir.Path, "--resume", dir.Path);
        AssertOneLine(wider, 2, "--resume: ", "was trained with hidden_sizes [16], but the options say [32,8]");
        Assert.DoesNotContain("input_size", wider.ErrorLines[0]);
    }

    [Fact]
    public void EmptyOutIsAUsageError()
    {
        var run = CliInvocation.Run([.. Small, "--epochs", "1", "--out", ""]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out", run.ErrorLines[0]);
    }
}
