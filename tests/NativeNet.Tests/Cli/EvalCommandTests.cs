using System.Text.Json;

namespace NativeNet.Tests.Cli;

public class EvalCommandTests
{
    [Fact]
    public void ReportsTheTestAccuracyOfTrainWithPerClassAccuracyAndConfusionMatrix()
    {
        using var dir = new TempDirectory();
        var train = CliInvocation.Run("train", "--hidden", "16", "--batch-size", "64", "--epochs", "2", "--no-plots", "--out", dir.Path, "--json");
        Assert.True(train.ExitCode == 0, train.Error);
        double trained = JsonDocument.Parse(train.LastOutLine).RootElement.GetProperty("test_accuracy").GetDouble();

        var run = CliInvocation.Run("eval", dir.File("checkpoint.safetensors"), "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("confusion matrix", run.Out);
        Assert.Contains("digits test set, 300 samples", run.Out);
        using var json = JsonDocument.Parse(run.LastOutLine);
        var root = json.RootElement;
        Assert.Equal(trained, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(10, root.GetProperty("per_class_accuracy").GetArrayLength());
        var matrix = root.GetProperty("confusion_matrix");
        Assert.Equal(10, matrix.GetArrayLength());
        long total = 0, diagonal = 0;
        for (int a = 0; a < 10; a++)
            for (int p = 0; p < 10; p++)
            {
                long n = matrix[a][p].GetInt64();
                total += n;
                if (a == p) diagonal += n;
            }
        Assert.Equal(300, total);
        Assert.Equal(trained, diagonal / 300.0, 12);
    }

    [Fact]
    public void TrainDoubleWritesAFloat64CheckpointThatEvalAndResumeRead()
    {
        using var dir = new TempDirectory();
        var train = CliInvocation.Run("train", "--double", "--hidden", "16", "--batch-size", "64", "--epochs", "1", "--no-plots", "--out", dir.Path, "--json");
        Assert.True(train.ExitCode == 0, train.Error);
        double trained = JsonDocument.Parse(train.LastOutLine).RootElement.GetProperty("test_accuracy").GetDouble();
        string checkpoint = dir.File("checkpoint.safetensors");
        Assert.Equal("float64", NativeNet.Training.Checkpoint.ReadMetadata(checkpoint)["dtype"]);

        var eval = CliInvocation.Run("eval", checkpoint, "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Equal(trained, JsonDocument.Parse(eval.LastOutLine).RootElement.GetProperty("accuracy").GetDouble());

        var resumed = CliInvocation.Run("train", "--double", "--hidden", "16", "--batch-size", "64", "--epochs", "2", "--no-plots", "--out", dir.Path, "--resume", dir.Path);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        // Resuming the float64 checkpoint in float32 fails on the tensors' dtype instead of converting silently.
        var asFloat = CliInvocation.Run("train", "--hidden", "16", "--batch-size", "64", "--epochs", "3", "--no-plots", "--out", dir.Path, "--resume", dir.Path);
        Assert.NotEqual(0, asFloat.ExitCode);
        Assert.Single(asFloat.ErrorLines);
        Assert.Contains("holds float64 parameters; pass --double", asFloat.ErrorLines[0]);
    }

    [Fact]
    public void BadCheckpointsAreOneLineWithExitCode1()
    {
        using var dir = new TempDirectory();
        var missing = CliInvocation.Run("eval", dir.Path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"error: eval: {dir.Path} holds no checkpoint.safetensors", missing.ErrorLines[0]);

        File.WriteAllText(dir.File("junk.safetensors"), "not a checkpoint at all");
        var junk = CliInvocation.Run("eval", dir.File("junk.safetensors"));
        Assert.Equal(1, junk.ExitCode);
        Assert.Single(junk.ErrorLines);
        Assert.Contains("junk.safetensors", junk.ErrorLines[0]);
        Assert.DoesNotContain("   at ", junk.Error);
    }
}
