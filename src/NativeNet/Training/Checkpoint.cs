using System.Globalization;
using System.Numerics;
using System.Text.Json;
using NativeNet.IO;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Training;

/// <summary>
/// Saves and resumes training in one safetensors file: the model's parameters and buffers under their own names
/// (<c>fc1.weight</c>, <c>bn1.running_mean</c>) so numpy and PyTorch users can read them, the optimizer state
/// (<c>optimizer.fc1.weight.m</c>), the best-validation snapshot (<c>best.…</c>), the layers' random generators
/// (<c>rng.drop1</c>), the histories (<c>history.loss_history</c>) and the solver position in the metadata.
/// </summary>
/// <remarks>
/// Writes are atomic (a temporary file, flushed, then renamed over the old one), so a crash mid-write leaves the
/// previous checkpoint intact. Loading validates every name, shape and dtype before changing anything, and executes
/// nothing from the file.
/// </remarks>
public static class Checkpoint
{
    /// <summary>The <c>format</c> metadata value of files this version writes.</summary>
    public const string FormatName = "nativenet-checkpoint/1";

    private const string OptimizerPrefix = "optimizer.";
    private const string BestPrefix = "best.";
    private const string RngPrefix = "rng.";
    private const string HistoryPrefix = "history.";

    /// <summary>Writes the solver's whole training state to <paramref name="path"/>, atomically.</summary>
    /// <param name="solver">The solver to save.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="metadata">Extra metadata to keep, e.g. <c>architecture</c> and <c>hyperparameters</c> as JSON.</param>
    public static void Save<T>(Solver<T> solver, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var writer = new SafeTensorsWriter();
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>()) writer.Metadata[name] = value;
        writer.Metadata["format"] = FormatName;
        writer.Metadata["dtype"] = typeof(T) == typeof(float) ? "float32" : "float64";

        var model = solver.Model;
        var state = model.State();
        foreach (var (name, value) in state) writer.Add(name, value);

        var optimizerState = solver.Optimizer.ExportState();
        foreach (var (key, tensor) in optimizerState.Tensors) writer.Add(OptimizerPrefix + key, tensor);
        if (solver.BestSnapshot is { } best)
            for (int i = 0; i < best.Length; i++) writer.Add(BestPrefix + state[i].Name, best[i]);
        foreach (var (name, rng) in model.RandomSources) writer.AddUInt64(RngPrefix + name, rng.GetState(), 6);
        foreach (var (name, series) in solver.History.Series())
            writer.AddFloat64(HistoryPrefix + name, series.ToArray(), series.Count);

        writer.Metadata["solver"] = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["epoch"] = solver.Epoch,
            ["batch_in_epoch"] = solver.BatchInEpoch,
            ["iteration"] = solver.Iteration,
            ["best_validation_accuracy"] = double.IsNaN(solver.BestValidationAccuracy) ? "NaN" : solver.BestValidationAccuracy.ToString("R", CultureInfo.InvariantCulture),
            ["best_epoch"] = solver.BestEpoch,
            ["base_learning_rate"] = solver.BaseLearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["optimizer"] = solver.Optimizer.GetType().Name.Split('`')[0],
        });
        writer.Metadata["optimizer_scalars"] = JsonSerializer.Serialize(
            optimizerState.Scalars.ToDictionary(p => p.Key, p => p.Value.ToString("R", CultureInfo.InvariantCulture)));
        writer.Save(path);
    }

    /// <summary>
    /// Puts <paramref name="solver"/> (built with the same architecture, optimizer and data) where the checkpoint
    /// left off; <see cref="Solver{T}.Train"/> then continues bit-identically to an uninterrupted run.
    /// </summary>
    /// <exception cref="DataFormatException">The file is malformed, or a tensor is missing or has the wrong shape or dtype; the message names it.</exception>
    public static void Resume<T>(Solver<T> solver, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(solver);
        var file = Open(path);
        var state = solver.Model.State();

        if (!file.Metadata.TryGetValue("solver", out var solverJson))
            throw new DataFormatException(path, 0, "the checkpoint has no solver state (was it saved with Checkpoint.Save?).");
        var position = ParseObject(path, solverJson, "solver");
        string savedOptimizer = position.GetProperty("optimizer").GetString() ?? "";
        string optimizerName = solver.Optimizer.GetType().Name.Split('`')[0];
        if (savedOptimizer != optimizerName)
            throw new DataFormatException(path, 0, $"the checkpoint holds {savedOptimizer} state but the solver uses {optimizerName}.");

        // Read everything first: nothing changes unless the whole file matches the solver.
        var values = ReadState(file, state, prefix: "");
        var best = state.Count > 0 && file.Contains(BestPrefix + state[0].Name) ? ReadState(file, state, BestPrefix) : null;
        var tensors = new Dictionary<string, NdArray<T>>(StringComparer.Ordinal);
        foreach (var info in file.Tensors)
            if (info.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                tensors[info.Name[OptimizerPrefix.Length..]] = file.GetArray<T>(info.Name);
        var scalars = new Dictionary<string, double>(StringComparer.Ordinal);
        if (file.Metadata.TryGetValue("optimizer_scalars", out var scalarJson))
            foreach (var property in ParseObject(path, scalarJson, "optimizer_scalars").EnumerateObject())
                scalars[property.Name] = ParseDouble(path, property.Value.GetString(), property.Name);
        var rngStates = solver.Model.RandomSources.Select(r => (r.Rng, State: file.GetUInt64(RngPrefix + r.Name, [6]))).ToArray();
        var history = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, _) in solver.History.Series())
            if (file.Contains(HistoryPrefix + name)) history[name] = file.GetFloat64(HistoryPrefix + name).ToArray();

        solver.Optimizer.ImportState(new OptimizerState<T>(tensors, scalars));
        for (int i = 0; i < state.Count; i++) values[i].CopyTo(state[i].Value);
        foreach (var (rng, saved) in rngStates) rng.SetState(saved);
        solver.History.Load(history);
        solver.Restore(
            position.GetProperty("epoch").GetInt32(),
            position.GetProperty("batch_in_epoch").GetInt32(),
            position.GetProperty("iteration").GetInt64(),
            ParseDouble(path, position.GetProperty("best_validation_accuracy").GetString(), "best_validation_accuracy"),
            position.GetProperty("best_epoch").GetInt32(),
            best);
    }

    /// <summary>Loads only the model's parameters and buffers (for evaluation or fine-tuning).</summary>
    /// <exception cref="DataFormatException">A tensor is missing or has the wrong shape or dtype.</exception>
    public static void LoadModel<T>(Sequential<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = Open(path);
        var state = model.State();
        var values = ReadState(file, state, prefix: "");
        for (int i = 0; i < state.Count; i++) values[i].CopyTo(state[i].Value);
    }

    /// <summary>The metadata of a checkpoint (architecture, hyperparameters, solver position), without loading tensors.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => Open(path).Metadata;

    private static SafeTensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = SafeTensorsFile.Load(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != FormatName)
            throw new DataFormatException(path, 8, $"not a NativeNet checkpoint (format '{format ?? "missing"}', expected '{FormatName}').");
        return file;
    }

    // Reads a value for every model tensor (under prefix + name), checking shape and dtype, before anything is changed.
    private static NdArray<T>[] ReadState<T>(SafeTensorsFile file, IReadOnlyList<(string Name, NdArray<T> Value)> state, string prefix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new NdArray<T>[state.Count];
        for (int i = 0; i < state.Count; i++) values[i] = file.GetArray<T>(prefix + state[i].Name, state[i].Value.Shape.ToArray());
        return values;
    }

    private static JsonElement ParseObject(string path, string json, string key)
    {
        try
        {
            var element = JsonDocument.Parse(json).RootElement;
            if (element.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
            return element;
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, 8, $"metadata '{key}' is not a JSON object: {e.Message}");
        }
    }

    private static double ParseDouble(string path, string? text, string key) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new DataFormatException(path, 8, $"metadata value '{key}' = '{text}' is not a number.");
}
