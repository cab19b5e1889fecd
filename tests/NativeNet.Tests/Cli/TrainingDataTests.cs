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
    public void CifarDirectoriesOfEveryVersionLoad()
    {
        using var python = new TempDirectory();
        System.IO.File.WriteAllBytes(python.File("train"), NativeNet.Fuzz.CifarSampleFiles.Cifar100File([.. Enumerable.Range(0, 20)], [.. Enumerable.Range(0, 20)], [.. Enumerable.Range(0, 20).Select(i => i % 20)]));
        System.IO.File.WriteAllBytes(python.File("test"), NativeNet.Fuzz.CifarSampleFiles.Cifar100File([1, 2], [5, 6], [19, 0]));
        var fromPython = TrainingData.Load(new DataSpec("cifar100", python.Path, true));
        Assert.Equal((18, 2, 2, 20), (fromPython.Train.Count, fromPython.ValidationCount, fromPython.Test.Count, fromPython.Classes));

        using var matlab = new TempDirectory();
        string folder = System.IO.Path.Combine(matlab.Path, "cifar-100-matlab");
        System.IO.Directory.CreateDirectory(folder);
        System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "train.mat"), NativeNet.Fuzz.CifarSampleFiles.MatlabFile([.. Enumerable.Range(0, 10)], [.. Enumerable.Range(0, 10)], [.. Enumerable.Range(0, 10)]));
        System.IO.File.WriteAllBytes(System.IO.Path.Combine(folder, "test.mat"), NativeNet.Fuzz.CifarSampleFiles.MatlabFile([3], [99], [7]));
        var fromMatlab = TrainingData.Load(new DataSpec("cifar100", matlab.Path, false));
        Assert.Equal((9, 1, 1, 100), (fromMatlab.Train.Count, fromMatlab.ValidationCount, fromMatlab.Test.Count, fromMatlab.Classes));
        Assert.Equal(99, fromMatlab.Test.Labels[0]);
    }

    [Fact]
    public void CsvClassesAreInferredOrDeclaredAndLabelsCheckedAgainstThem()
    {
        using var data = new TempDirectory();
        string csv = FakeImageData.WriteCsv(data.File("blobs.csv"), rows: 30);
        var spec = new DataSpec("csv", csv, false, 0);
        Assert.Equal(3, TrainingData.Load(spec).Classes);
        Assert.Equal(5, TrainingData.Load(spec, classes: 5).Classes);
        var fewer = Assert.Throws<DataFormatException>(() => TrainingData.Load(spec, classes: 2));
        Assert.Contains("blobs.csv", fewer.Message);
        Assert.Contains("label 2", fewer.Message);
        // The test rows are a fixed random fifth of the file, whatever the validation count.
        Assert.Equal(TrainingData.Load(spec).Test.Labels, TrainingData.Load(spec, validation: 0).Test.Labels);
        Assert.Equal(6, TrainingData.Load(spec, validation: 0).Test.Count);

        System.IO.File.WriteAllLines(data.File("two.csv"), ["1,0", "2,1"]);
        Assert.Throws<InvalidDataException>(() => TrainingData.Load(new DataSpec("csv", data.File("two.csv"), false)));
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
