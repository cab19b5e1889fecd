using NativeNet.Cli;
using NativeNet.Cli.Commands;
using NativeNet.Cli.DataSources;
using NativeNet.IO;
using NativeNet.Tests.Data;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Cli;

public sealed class TrainingDataTests
{
    private static void WriteLabels(string directory, string prefix, byte[] labels) =>
        IdxFiles.Write(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"), IdxFiles.Build(0x08, [labels.Length], labels), gzip: true);

    [Fact]
    public void TrainSubsetIsTheFirstSamplesOfTheTrainingSplitAndLeavesTheOtherSplitsAlone()
    {
        var full = TrainingData.Load(new DataSpec("digits", null, false));
        var subset = full.WithTrainSubset(500);
        Assert.Equal(500, subset.Train.Count);
        Assert.Equal(full.Train.Labels[..500], subset.Train.Labels);
        Assert.Equal(full.Train.Features.Slice(0, 500).ToArray(), subset.Train.Features.ToArray());
        Assert.Same(full.Validation, subset.Validation);
        Assert.Same(full.Test, subset.Test);
        Assert.Equal(full.Classes, subset.Classes);
        Assert.Equal(full.Train.Count, full.WithTrainSubset(full.Train.Count).Train.Count);
        var tooMany = Assert.Throws<UsageException>(() => full.WithTrainSubset(full.Train.Count + 1));
        Assert.Equal("--train-subset 1298 must be at most the 1297 training samples of digits", tooMany.Message);
    }

    [Fact]
    public void MnistHasTenClassesEvenWhenTheTrainingLabelsUseFewer()
    {
        using var data = new TempDirectory();
        FakeImageData.WriteMnist(data.Path, train: 30, test: 10);
        WriteLabels(data.Path, "train", [.. Enumerable.Range(0, 30).Select(i => (byte)(i % 4))]);
        var loaded = TrainingData.Load(new DataSpec("mnist", data.Path, false));
        Assert.Equal(10, loaded.Classes);
        Assert.Equal(12, TrainingData.Load(new DataSpec("mnist", data.Path, false), classes: 12).Classes);
    }

    [Fact]
    public void MnistLabelsOutsideTheClassesNameTheFileAndItem()
    {
        using var data = new TempDirectory();
        FakeImageData.WriteMnist(data.Path, train: 30, test: 10);
        WriteLabels(data.Path, "t10k", [0, 1, 2, 3, 4, 5, 6, 7, 8, 10]);
        var ex = Assert.Throws<DataFormatException>(() => TrainingData.Load(new DataSpec("mnist", data.Path, false)));
        Assert.Contains("t10k-labels-idx1-ubyte.gz", ex.Message);
        Assert.Contains("label 10 of item 9", ex.Message);
        // A declared count covers the training labels; the test set is then held to the training classes.
        var fewer = Assert.Throws<DataFormatException>(() => TrainingData.Load(new DataSpec("mnist", data.Path, false), classes: 5));
        Assert.Contains("train-labels-idx1-ubyte.gz", fewer.Message);
        Assert.Contains("label 5", fewer.Message);
    }

    [Fact]
    public void FixedClassCountsAcceptOnlyThemselves()
    {
        Assert.Equal(10, TrainingData.Load(new DataSpec("digits", null, false), classes: 10).Classes);
        var ex = Assert.Throws<UsageException>(() => TrainingData.Load(new DataSpec("digits", null, false), classes: 5));
        Assert.Contains("--classes 5 does not match the 10 classes of digits", ex.Message);
        Assert.Throws<UsageException>(() => TrainingData.Load(new DataSpec("digits", null, false), classes: 0));
    }

    [Fact]
    public void TrainAndEvalTakeTheDeclaredClassCountOfMnistStyleData()
    {
        using var data = new TempDirectory();
        using var run = new TempDirectory();
        FakeImageData.WriteMnist(data.Path, train: 60, test: 12);
        WriteLabels(data.Path, "train", [.. Enumerable.Range(0, 60).Select(i => (byte)(i % 12))]);
        WriteLabels(data.Path, "t10k", [.. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        string spec = $"mnist:{data.Path}";
        var refused = CliInvocation.Run("train", "--data", spec, "--epochs", "1", "--hidden", "8", "--out", run.Path, "--no-plots");
        Assert.Equal(Program.RuntimeFailure, refused.ExitCode);
        Assert.Contains("label 10", refused.Error);
        var trained = CliInvocation.Run("train", "--data", spec, "--classes", "12", "--epochs", "1", "--hidden", "8", "--out", run.Path, "--no-plots", "--overwrite");
        Assert.Equal(Program.Success, trained.ExitCode);
        var evaluated = CliInvocation.Run("eval", run.Path);
        Assert.Equal(Program.Success, evaluated.ExitCode);
        Assert.Contains("test accuracy", evaluated.Out);
        Assert.Equal(Program.UsageError, CliInvocation.Run("train", "--classes", "0").ExitCode);
    }
}
