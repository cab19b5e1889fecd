using System.Numerics;
using System.Text.Json;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Tasks;
using NativeNet.IO;
using NativeNet.Models;
using NativeNet.Training;

namespace NativeNet.Cli.Runners;

/// <summary>
/// The model a <c>predict</c> or <c>export</c> argument names: a model file (<see cref="ModelFile"/>), a training
/// checkpoint (the network rebuilt from its <c>architecture</c> metadata, with the parameters <c>train</c> ended
/// with), or a <c>train --out</c> directory, whose <see cref="TrainRunner.ModelFileName"/> is preferred to its checkpoint.
/// </summary>
internal sealed class ModelSource
{
    private ModelSource(string path, SafeTensorsFile file)
    {
        Path = path;
        File = file;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Whether the file is a training checkpoint rather than a model file.</summary>
    public bool IsCheckpoint => File.Metadata.GetValueOrDefault("format") == Checkpoint.FormatName;

    /// <summary>Whether the weights are stored in double precision.</summary>
    public bool IsDouble => IsCheckpoint
        ? File.Metadata.GetValueOrDefault("dtype") == "float64"
        : File.Tensors.Count > 0 && File.Tensors[0].DType == SafeTensorsDType.F64;

    private SafeTensorsFile File { get; }

    /// <summary>Finds the model file or checkpoint <paramref name="path"/> names.</summary>
    /// <exception cref="FileNotFoundException">There is none; the message names <paramref name="what"/>.</exception>
    /// <exception cref="DataFormatException">The file is neither a model file nor a checkpoint.</exception>
    public static ModelSource Open(string path, string what)
    {
        if (Directory.Exists(path))
        {
            string model = System.IO.Path.Combine(path, TrainRunner.ModelFileName);
            path = System.IO.File.Exists(model) ? model : TrainRunner.CheckpointPath(path, what);
        }
        else if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException($"{what}: no model file or checkpoint at {path}", path);
        }
        var file = SafeTensorsFile.Load(path);
        string? format = file.Metadata.GetValueOrDefault("format");
        if (format != ModelFile.FormatName && format != Checkpoint.FormatName)
            throw new DataFormatException(path, 8, $"neither a NativeNet model file nor a checkpoint (format '{format ?? "missing"}').");
        return new ModelSource(path, file);
    }

    /// <summary>What the model was trained for (a model file's <c>task</c>, a checkpoint's <c>hyperparameters.task</c>).</summary>
    public TaskKind Task => TaskCatalog.Of(File.Metadata);

    /// <summary>The model, in evaluation mode.</summary>
    public Sequential<T> Load<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsCheckpoint) return ModelFile.Load<T>(Path);
        var file = CheckpointReader.Open(Path);
        var spec = file.GetArchitecture();
        // Before anything sized by the metadata is built: a small file must not make a huge network.
        file.RequireTensorShapes(FullyConnectedNet.StateShapes(spec), "metadata 'architecture'");
        return LoadCheckpoint<T>(file, spec).Model.Eval();
    }

    /// <summary>
    /// The network of a checkpoint with the parameters <c>train</c> ended with and reported: the best-validation
    /// snapshot when the run restored it (<c>hyperparameters.restore_best</c>), else the last ones.
    /// </summary>
    public static (Sequential<T> Model, bool Best) LoadCheckpoint<T>(CheckpointReader file, FullyConnectedNetSpec spec)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = FullyConnectedNet.Build<T>(spec);
        // Checkpoints from before train could restore the best parameters say nothing, and ended with the last ones.
        bool restoreBest = file.Metadata.ContainsKey("hyperparameters") && file.GetOptionalBoolean("hyperparameters", "restore_best") == true;
        bool best = restoreBest ? Checkpoint.LoadBestModel(model, file.Path) : LoadLast(model, file.Path);
        return (model, best);

        static bool LoadLast(Sequential<T> model, string path)
        {
            Checkpoint.LoadModel(model, path);
            return false;
        }
    }

    /// <summary>
    /// The <c>--data</c> spec, validation count and class names the model was trained with (the <c>data</c>
    /// metadata), each null when the file does not say.
    /// </summary>
    /// <exception cref="DataFormatException">The <c>data</c> metadata is not valid JSON.</exception>
    public (string? Spec, int? Validation, string[]? ClassNames) TrainingData()
    {
        if (!File.Metadata.TryGetValue("data", out var json)) return (null, null, null);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null, null);
            string? spec = root.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            int? validation = root.TryGetProperty("validation", out var v) && v.TryGetInt32(out int count) && count >= 0 ? count : null;
            string[]? names = root.TryGetProperty("class_names", out var n) && n.ValueKind == JsonValueKind.Array
                && n.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? n.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;
            return (spec, validation, names);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(Path, 8, $"metadata 'data' is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// The validation count the model was trained with when <paramref name="spec"/> is the data it was trained on (the
    /// split shapes the preprocessing fitted on the training rows), else null for the spec's default split.
    /// </summary>
    public int? TrainedValidationCount(DataSpec spec)
    {
        var (trainedSpec, trainedValidation, _) = TrainingData();
        return trainedSpec == spec.ToString() ? trainedValidation : null;
    }

    /// <summary>The metadata to keep when this model is written again as a model file (the training data it saw, its task).</summary>
    public IReadOnlyDictionary<string, string> CarriedMetadata()
    {
        var carried = new Dictionary<string, string>();
        if (File.Metadata.TryGetValue("data", out var data)) carried["data"] = data;
        if (Task.PredictsTargets) carried[TaskCatalog.MetadataKey] = Task.Name;
        return carried;
    }
}
