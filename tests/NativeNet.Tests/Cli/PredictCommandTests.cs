using System.Globalization;
using System.Text.Json;
using NativeNet.IO;
using NativeNet.Models;
using NativeNet.Tensors;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Cli;

/// <summary><c>predict</c> and <c>export</c> on one small model trained by <c>train</c>, and the model file it writes.</summary>
public sealed class PredictCommandTests : IClassFixture<PredictCommandTests.TrainedModel>
{
    private readonly TrainedModel _trained;

    public PredictCommandTests(TrainedModel trained) => _trained = trained;

    [Fact]
    public void TrainWritesAWeightsOnlyModelFileBesideTheCheckpoint()
    {
        var model = SafeTensorsFile.Load(_trained.Directory.File("model.safetensors"));
        var checkpoint = SafeTensorsFile.Load(_trained.Directory.File("checkpoint.safetensors"));
        Assert.Equal(["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"], model.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(model.Tensors, t => t.Name.StartsWith("optimizer.", StringComparison.Ordinal) || t.Name.StartsWith("best.", StringComparison.Ordinal)
            || t.Name.StartsWith("history.", StringComparison.Ordinal) || t.Name.StartsWith("rng.", StringComparison.Ordinal));
        Assert.Contains(checkpoint.Tensors, t => t.Name.StartsWith("optimizer.", StringComparison.Ordinal));
        Assert.Equal(ModelFile.FormatName, model.Metadata["format"]);
        Assert.Contains("\"spec\":\"digits\"", model.Metadata["data"]);
    }

    [Fact]
    public void AFreshProgramLoadsTheModelInOneCallAndPredictsWhatTheCliPredicts()
    {
        var rng = new Rng(5);
        var features = NdArray<float>.RandomUniform(rng, 0f, 1f, 9, 64);
        string input = _trained.Directory.File("features.npy");
        Npy.Write(input, features);
        string output = _trained.Directory.File("predictions.json");
        var run = CliInvocation.Run("predict", _trained.Directory.Path, "--features", input, "--probabilities", "--output", output);
        Assert.True(run.ExitCode == 0, run.Error);

        var model = Sequential<float>.Load(_trained.Directory.File("model.safetensors"));
        var predictor = model.CreatePredictor();
        var probabilities = new float[9 * 10];
        predictor.PredictProbabilities(features.Span, probabilities);
        var classes = new int[9];
        predictor.PredictClass(features.Span, classes);

        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(classes, json.RootElement.GetProperty("classes").EnumerateArray().Select(e => e.GetInt32()));
        var printed = json.RootElement.GetProperty("probabilities").EnumerateArray().SelectMany(row => row.EnumerateArray().Select(e => (float)e.GetDouble()));
        Assert.Equal(probabilities, printed);
    }

    [Fact]
    public void PredictsTheTestSplitAlikeFromTheModelFileTheCheckpointAndTheExportedModel()
    {
        var fromDirectory = CliInvocation.Run("predict", _trained.Directory.Path, "--data", "digits", "--probabilities");
        Assert.True(fromDirectory.ExitCode == 0, fromDirectory.Error);
        string[] lines = fromDirectory.Out.TrimEnd().Split('\n');
        Assert.Equal(301, lines.Length);
        Assert.Equal("class,0,1,2,3,4,5,6,7,8,9", lines[0]);

        var fromCheckpoint = CliInvocation.Run("predict", _trained.Directory.File("checkpoint.safetensors"), "--data", "digits", "--probabilities");
        Assert.Equal(fromDirectory.Out, fromCheckpoint.Out);

        string exported = _trained.Directory.File("exported.safetensors");
        var export = CliInvocation.Run("export", "model", _trained.Directory.File("checkpoint.safetensors"), "--output", exported);
        Assert.True(export.ExitCode == 0, export.Error);
        var fromExport = CliInvocation.Run("predict", exported, "--data", "digits", "--probabilities");
        Assert.Equal(fromDirectory.Out, fromExport.Out);

        // The predicted classes give the accuracy train reported.
        var classes = lines.Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        string npy = _trained.Directory.File("classes.npy");
        var asNpy = CliInvocation.Run("predict", _trained.Directory.Path, "--data", "digits", "--output", npy);
        Assert.True(asNpy.ExitCode == 0, asNpy.Error);
        Assert.Equal(classes, Npy.ReadInt32(npy, out var shape));
        Assert.Equal([300], shape);
    }

    [Fact]
    public void ExportPyTorchWritesPyTorchNamesAndLayoutAndPrintsTheModules()
    {
        string path = _trained.Directory.File("torch.safetensors");
        var run = CliInvocation.Run("export", "pytorch", _trained.Directory.Path, "--output", path);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("torch.nn.Linear(64, 16, bias=True),", run.Out);
        Assert.Contains("torch.nn.ReLU(),", run.Out);
        Assert.Contains("strict=True", run.Out);
        var file = SafeTensorsFile.Load(path);
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal([16, 64], file.GetInfo("0.weight").Shape);
        var model = ModelFile.Load<float>(_trained.Directory.File("model.safetensors"));
        var weight = ((NativeNet.Layers.Linear<float>)model.Layers[0]).Weight.Value;
        Assert.Equal(weight[5, 3], file.GetFloat32("0.weight")[3, 5]);
    }

    [SkippableFact]
    public void TheExportedStateDictLoadsStrictlyIntoPyTorchAndGivesTheSameOutputs()
    {
        OptionalDependency.RequirePythonTorch();
        string export = _trained.Directory.File("outputs.pytorch.safetensors");
        var run = CliInvocation.Run("export", "pytorch", _trained.Directory.Path, "--output", export);
        Assert.True(run.ExitCode == 0, run.Error);
        var features = NdArray<float>.RandomUniform(new Rng(8), 0f, 1f, 11, 64);
        string input = _trained.Directory.File("torch-features.npy");
        Npy.Write(input, features);
        string output = _trained.Directory.File("torch-outputs.npy");
        PythonProcess.Run([Path.Combine(AppContext.BaseDirectory, "Interop", "pytorch_outputs.py"), export, input, output]);

        var theirs = Npy.Read<float>(output);
        var ours = ModelFile.Load<float>(_trained.Directory.File("model.safetensors")).Forward(features, training: false);
        Assert.Equal(ours.Shape.ToArray(), theirs.Shape.ToArray());
        // Float32 products summed in another order: equal to a few units in the last place of the largest output.
        float scale = ours.ToArray().Max(Math.Abs);
        Assert.All(ours.ToArray().Zip(theirs.ToArray()), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5f * scale, $"{p.First} vs {p.Second}"));
    }

    [Theory]
    [InlineData(new string[0], "exactly one of --data and --features")]
    [InlineData(new[] { "--data", "digits", "--output", "out.txt" }, "the extension must be one of csv | npy | json")]
    public void BadOptionsAreOneErrorLine(string[] options, string message)
    {
        var run = CliInvocation.Run(["predict", _trained.Directory.Path, .. options]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.ErrorLines[0]);
    }

    [Fact]
    public void AFileThatIsNoModelIsNamed()
    {
        var run = CliInvocation.Run("predict", _trained.Directory.File("torch-missing.safetensors"), "--data", "digits");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no model file or checkpoint", run.ErrorLines[0]);
    }

    /// <summary>One digits model (2 epochs, 16 hidden units) shared by the tests.</summary>
    public sealed class TrainedModel : IDisposable
    {
        public TrainedModel()
        {
            var run = CliInvocation.Run("train", "--hidden", "16", "--batch-size", "64", "--epochs", "2", "--no-plots", "--out", Directory.Path);
            if (run.ExitCode != 0) throw new InvalidOperationException(run.Error);
        }

        internal TempDirectory Directory { get; } = new();

        public void Dispose() => Directory.Dispose();
    }
}
