using System.Text.Json.Nodes;
using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Training;

namespace NativeNet.Tests.Training;

public sealed class CheckpointValidationTests : IDisposable
{
    private static readonly FullyConnectedNetSpec Spec = new() { InputSize = 64, HiddenSizes = [16], Classes = 10, Seed = 5 };

    private readonly string _directory = Directory.CreateTempSubdirectory("nativenet-checkpoint").FullName;

    private string Path => System.IO.Path.Combine(_directory, "checkpoint.safetensors");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Solver<float> NewSolver(Optimizer<float>? optimizer = null, Sequential<float>? model = null, int epochs = 2)
    {
        model ??= FullyConnectedNet.Build<float>(Spec);
        var all = Datasets.Digits().Apply(new UnitRangeScaler<float>(0f, 16f));
        var (train, validation) = all.SplitFirstLast(1500);
        var options = new SolverOptions { BatchSize = 100, Epochs = epochs, Seed = 3, TrainAccuracySamples = 200 };
        return new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), optimizer ?? new Adam<float>(model.Parameters, 1e-2), train, validation, options);
    }

    // One trained epoch, with validation so that the file also holds the best snapshot.
    private void SaveTrained()
    {
        var solver = NewSolver(epochs: 1);
        Assert.Equal(StopReason.Completed, solver.Train().Reason);
        Checkpoint.Save(solver, Path);
    }

    private void EditSolverField(string field, JsonNode? value)
    {
        var solver = JsonNode.Parse(Checkpoint.ReadMetadata(Path)["solver"])!.AsObject();
        if (value is null) solver.Remove(field);
        else solver[field] = value;
        CheckpointEditor.SetMetadata(Path, "solver", solver.ToJsonString());
    }

    private DataFormatException ResumeFails()
    {
        var solver = NewSolver();
        var before = solver.Model.Parameters[0].Value.ToArray();
        var error = Assert.Throws<DataFormatException>(() => Checkpoint.Resume(solver, Path));
        Assert.Equal(before, solver.Model.Parameters[0].Value.ToArray());
        Assert.Contains(Path, error.Message);
        return error;
    }

    [Fact]
    public void MissingSolverFieldIsAFormatErrorNamingTheField()
    {
        SaveTrained();
        EditSolverField("epoch", null);
        Assert.Contains("metadata 'solver' field 'epoch'", ResumeFails().Message);
    }

    [Theory]
    [InlineData("epoch", "2147483647")]
    [InlineData("epoch", "-1")]
    [InlineData("epoch", "\"one\"")]
    [InlineData("epoch", "1.5")]
    [InlineData("batch_in_epoch", "15")]
    [InlineData("batch_in_epoch", "-3")]
    [InlineData("iteration", "-1")]
    [InlineData("best_epoch", "7")]
    [InlineData("best_validation_accuracy", "\"high\"")]
    [InlineData("optimizer", "3")]
    public void OutOfRangeOrMistypedSolverFieldsAreFormatErrors(string field, string json)
    {
        SaveTrained();
        EditSolverField(field, JsonNode.Parse(json));
        Assert.Contains($"metadata 'solver' field '{field}'", ResumeFails().Message);
    }

    [Theory]
    [InlineData("solver", "{not json")]
    [InlineData("solver", "[1, 2]")]
    [InlineData("optimizer_scalars", "{\"step\": \"many\"}")]
    [InlineData("optimizer_scalars", "{\"step\": \"-4\"}")]
    public void MalformedMetadataIsAFormatErrorNamingTheKey(string key, string value)
    {
        SaveTrained();
        CheckpointEditor.SetMetadata(Path, key, value);
        Assert.Contains($"metadata '{key}'", ResumeFails().Message);
    }

    [Theory]
    [InlineData("fc1.weight", float.NaN)]
    [InlineData("fc2.bias", float.PositiveInfinity)]
    [InlineData("best.fc1.weight", float.NaN)]
    [InlineData("optimizer.fc1.weight.m", float.NegativeInfinity)]
    [InlineData("optimizer.fc2.weight.v", -1f)]
    public void NonFiniteOrImpossibleTensorsAreRefusedByName(string tensor, float value)
    {
        SaveTrained();
        CheckpointEditor.SetFloat32(Path, tensor, 3, value);
        var message = ResumeFails().Message;
        Assert.Contains(tensor.Replace("optimizer.", "", StringComparison.Ordinal), message);
        Assert.Contains("element 3", message);
    }

    [Fact]
    public void LoadModelRefusesNonFiniteWeights()
    {
        SaveTrained();
        CheckpointEditor.SetFloat32(Path, "fc1.bias", 2, float.NaN);
        var error = Assert.Throws<DataFormatException>(() => Checkpoint.LoadModel(FullyConnectedNet.Build<float>(Spec), Path));
        Assert.Contains("'fc1.bias'", error.Message);
        Assert.Contains("element 2", error.Message);
    }

    [Fact]
    public void SaveRefusesNonFiniteStateAndKeepsTheOldFile()
    {
        SaveTrained();
        byte[] before = File.ReadAllBytes(Path);
        var solver = NewSolver();
        solver.Model.Parameters[0].Value[5] = float.NaN;
        var error = Assert.Throws<InvalidOperationException>(() => Checkpoint.Save(solver, Path));
        Assert.Contains("fc1.weight", error.Message);
        Assert.Equal(before, File.ReadAllBytes(Path));
    }

    [Fact]
    public void DivergenceMessageDoesNotClaimNonFiniteParametersAreKept()
    {
        var model = FullyConnectedNet.Build<float>(Spec);
        // 1e300 is finite in double but infinite in float: the first step already leaves non-finite weights.
        var solver = NewSolver(new Sgd<float>(model.Parameters, 1e300), model);
        var result = solver.Train();
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.DoesNotContain("are kept", result.Message);
        Assert.Contains("not finite", result.Message);
    }

    [Fact]
    public void NonFiniteWeightsHiddenByReluStopTrainingAtTheEpochEnd()
    {
        var model = FullyConnectedNet.Build<float>(Spec);
        model.Parameters[0].Value[0] = float.NaN;
        var result = NewSolver(model: model).Train();
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Contains("'fc1.weight'", result.Message);
        Assert.Equal(0, result.EpochsCompleted);
    }
}
