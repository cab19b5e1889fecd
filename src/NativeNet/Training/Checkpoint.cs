using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
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
/// A checkpoint is for resuming training; to deploy or share a model, save a <see cref="ModelFile"/> instead, which
/// holds the architecture and the weights only and loads without code. Writes are atomic (a temporary file, flushed,
/// then renamed over the old one), so a crash mid-write leaves the previous checkpoint intact. Loading validates every name, shape and dtype before changing anything, and executes
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
    private const string ScalarsKey = "optimizer_scalars";

    /// <summary>
    /// Writes the solver's whole training state to <paramref name="path"/>, atomically — of a classifier or of a target
    /// task (regression, multi-label) alike.
    /// </summary>
    /// <param name="solver">The solver to save.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="metadata">Extra metadata to keep, e.g. <c>architecture</c> and <c>hyperparameters</c> as JSON.</param>
    /// <exception cref="InvalidOperationException">A tensor to save holds NaN or infinity; the existing file is left as it was.</exception>
    public static void Save<T>(Solver<T> solver, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentException.ThrowIfNullOrEmpty(path);
        // JSON nodes rather than serialized dictionaries: writing them needs no reflection (trimmed and NativeAOT apps).
        var position = new JsonObject
        {
            ["epoch"] = solver.Epoch,
            ["batch_in_epoch"] = solver.BatchInEpoch,
            ["iteration"] = solver.Iteration,
            ["best_validation_accuracy"] = double.IsNaN(solver.BestValidationAccuracy) ? "NaN" : solver.BestValidationAccuracy.ToString("R", CultureInfo.InvariantCulture),
            ["best_epoch"] = solver.BestEpoch,
            ["base_learning_rate"] = solver.BaseLearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["optimizer"] = solver.Optimizer.GetType().Name.Split('`')[0],
        };
        // Only a target task selects by validation loss; classifier checkpoints stay as they were.
        if (solver.TargetLoss is not null)
            position["best_validation_loss"] = solver.BestValidationLoss.ToString("R", CultureInfo.InvariantCulture);
        Write(solver.Model, solver.Optimizer, solver.BestSnapshot, solver.History, position, path, metadata);
    }

    /// <summary>
    /// Writes a model's parameters, buffers and random generators and an optimizer's state to <paramref name="path"/>,
    /// atomically: the checkpoint of a training loop written by hand, without a <see cref="Solver{T}"/>.
    /// <see cref="Load"/> puts both back; <see cref="LoadModel{T}(Sequential{T}, string)"/> reads the model alone. (<see cref="Resume"/> needs a
    /// solver's position, which this file does not hold.)
    /// </summary>
    /// <param name="model">The model to save.</param>
    /// <param name="optimizer">The optimizer training it.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="metadata">Extra metadata to keep, e.g. the step count of the loop.</param>
    /// <exception cref="InvalidOperationException">A tensor to save holds NaN or infinity; the existing file is left as it was.</exception>
    public static void Save<T>(Sequential<T> model, Optimizer<T> optimizer, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Write(model, optimizer, best: null, history: null, position: null, path, metadata);
    }

    /// <summary>
    /// Loads the model's parameters, buffers and random generators and the optimizer's state from a checkpoint (one
    /// written by either <c>Save</c>), to continue a training loop written by hand.
    /// </summary>
    /// <exception cref="DataFormatException">
    /// A tensor is missing, has the wrong shape or dtype, or holds a non-finite value, or the optimizer state does not
    /// fit <paramref name="optimizer"/>; nothing is changed then.
    /// </exception>
    public static void Load<T>(Sequential<T> model, Optimizer<T> optimizer, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var file = CheckpointReader.Open(path);
        var state = model.State();
        var values = ReadState(file, state, prefix: "");
        var (tensors, scalars) = ReadOptimizerState<T>(file);
        var rngStates = model.RandomSources.Select(r => (r.Rng, State: file.SafeTensors.GetUInt64(RngPrefix + r.Name, [6]))).ToArray();
        ImportOptimizerState(file, optimizer, tensors, scalars);
        for (int i = 0; i < state.Count; i++) values[i].CopyTo(state[i].Value);
        foreach (var (rng, saved) in rngStates) rng.SetState(saved);
    }

    // Everything but the solver's position is optional: a hand-written loop has no best snapshot or history.
    private static void Write<T>(Sequential<T> model, Optimizer<T> optimizer, NdArray<T>[]? best, TrainingHistory? history, JsonObject? position,
        string path, IReadOnlyDictionary<string, string>? metadata) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var writer = new SafeTensorsWriter();
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>()) writer.Metadata[name] = value;
        writer.Metadata["format"] = FormatName;
        writer.Metadata["dtype"] = typeof(T) == typeof(float) ? "float32" : "float64";

        var state = model.State();
        var optimizerState = optimizer.ExportState();
        RequireFinite("tensor", state);
        RequireFinite("optimizer state", optimizerState.Tensors.Select(p => (p.Key, p.Value)));
        if (best is not null) RequireFinite("best snapshot of", state.Select((s, i) => (s.Name, best[i])));
        foreach (var (name, value) in state) writer.Add(name, value);

        foreach (var (key, tensor) in optimizerState.Tensors) writer.Add(OptimizerPrefix + key, tensor);
        if (best is not null)
            for (int i = 0; i < best.Length; i++) writer.Add(BestPrefix + state[i].Name, best[i]);
        foreach (var (name, rng) in model.RandomSources) writer.AddUInt64(RngPrefix + name, rng.GetState(), 6);
        if (history is not null)
            foreach (var (name, series) in history.Series())
                writer.AddFloat64(HistoryPrefix + name, series.ToArray(), series.Count);

        if (position is not null) writer.Metadata["solver"] = position.ToJsonString();
        writer.Metadata[ScalarsKey] = new JsonObject(optimizerState.Scalars.Select(p =>
            KeyValuePair.Create(p.Key, (JsonNode?)p.Value.ToString("R", CultureInfo.InvariantCulture)))).ToJsonString();
        writer.Save(path);
    }

    private static (Dictionary<string, NdArray<T>> Tensors, IReadOnlyDictionary<string, double> Scalars) ReadOptimizerState<T>(CheckpointReader file)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new Dictionary<string, NdArray<T>>(StringComparer.Ordinal);
        foreach (var info in file.SafeTensors.Tensors)
            if (info.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                tensors[info.Name[OptimizerPrefix.Length..]] = file.SafeTensors.GetArray<T>(info.Name);
        var scalars = file.Metadata.ContainsKey(ScalarsKey) ? file.GetDoubles(ScalarsKey) : new Dictionary<string, double>();
        return (tensors, scalars);
    }

    private static void ImportOptimizerState<T>(CheckpointReader file, Optimizer<T> optimizer, Dictionary<string, NdArray<T>> tensors,
        IReadOnlyDictionary<string, double> scalars) where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            optimizer.ImportState(new OptimizerState<T>(tensors, scalars));
        }
        catch (ArgumentException e)
        {
            // The optimizer checks its own state (keys, finiteness, signs, scalars); its message names the tensor or scalar.
            throw file.Error($"optimizer state (tensors '{OptimizerPrefix}…', metadata '{ScalarsKey}'): {e.Message}", e);
        }
    }

    /// <summary>
    /// Puts <paramref name="solver"/> (built with the same architecture, optimizer and data) where the checkpoint
    /// left off; <see cref="Solver{T}.Train"/> then continues bit-identically to an uninterrupted run.
    /// </summary>
    /// <exception cref="DataFormatException">
    /// The file is malformed; a tensor is missing, has the wrong shape or dtype, or holds a non-finite value (or a
    /// negative one where the optimizer accumulates squares); or a solver field is missing or out of range. The
    /// message names the tensor or the metadata field.
    /// </exception>
    public static void Resume<T>(Solver<T> solver, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(solver);
        var file = CheckpointReader.Open(path);
        var state = solver.Model.State();

        const string position = "solver";
        if (!file.Metadata.ContainsKey(position))
            throw file.Error("the checkpoint has no solver state (was it saved with Checkpoint.Save?).");
        string savedOptimizer = file.GetString(position, "optimizer");
        string optimizerName = solver.Optimizer.GetType().Name.Split('`')[0];
        if (savedOptimizer != optimizerName)
            throw file.Error($"the checkpoint holds {savedOptimizer} state but the solver uses {optimizerName}.");
        // The epoch in progress is below int.MaxValue so that counting it from 1 cannot overflow; every completed
        // epoch took at least one iteration, and the best epoch is a completed one.
        int epoch = file.GetInt32(position, "epoch", 0, int.MaxValue - 1);
        int batchInEpoch = file.GetInt32(position, "batch_in_epoch", 0, Math.Max(1, solver.BatchesPerEpoch) - 1);
        long iteration = file.GetInt64(position, "iteration", (long)epoch + batchInEpoch, long.MaxValue);
        int bestEpoch = file.GetInt32(position, "best_epoch", 0, epoch);
        double bestAccuracy = file.GetDouble(position, "best_validation_accuracy");
        if (!double.IsNaN(bestAccuracy) && !(bestAccuracy >= 0 && bestAccuracy <= 1))
            throw file.Error($"metadata '{position}' field 'best_validation_accuracy': {bestAccuracy} is not an accuracy in [0, 1].");

        double bestLoss = file.GetOptionalString(position, "best_validation_loss") is null ? double.NaN : file.GetDouble(position, "best_validation_loss");
        if (solver.TargetLoss is not null && double.IsInfinity(bestLoss))
            throw file.Error($"metadata '{position}' field 'best_validation_loss': {bestLoss} is not a loss.");

        // Read everything first: nothing changes unless the whole file matches the solver.
        var values = ReadState(file, state, prefix: "");
        var best = state.Count > 0 && file.SafeTensors.Contains(BestPrefix + state[0].Name) ? ReadState(file, state, BestPrefix) : null;
        var (tensors, scalars) = ReadOptimizerState<T>(file);
        var rngStates = solver.Model.RandomSources.Select(r => (r.Rng, State: file.SafeTensors.GetUInt64(RngPrefix + r.Name, [6]))).ToArray();
        // Histories are records, not state: a NaN there (an accuracy never measured) is valid.
        var history = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, _) in solver.History.Series())
            if (file.SafeTensors.Contains(HistoryPrefix + name)) history[name] = file.SafeTensors.GetFloat64(HistoryPrefix + name).ToArray();

        ImportOptimizerState(file, solver.Optimizer, tensors, scalars);
        for (int i = 0; i < state.Count; i++) values[i].CopyTo(state[i].Value);
        foreach (var (rng, saved) in rngStates) rng.SetState(saved);
        solver.History.Load(history);
        solver.Restore(epoch, batchInEpoch, iteration, bestAccuracy, bestLoss, bestEpoch, best);
    }

    /// <summary>Loads only the model's parameters and buffers (for evaluation or fine-tuning).</summary>
    /// <exception cref="DataFormatException">A tensor is missing, has the wrong shape or dtype, or holds a non-finite value.</exception>
    public static void LoadModel<T>(Sequential<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        LoadModel(model, path, preferBest: false);

    /// <summary>
    /// Loads the model's best-validation snapshot (what <see cref="Solver{T}.RestoreBestParameters"/> puts back) when the
    /// checkpoint holds one, and its last parameters and buffers otherwise: the model a run that restores the best
    /// parameters ends with.
    /// </summary>
    /// <returns>Whether the best-validation snapshot was loaded.</returns>
    /// <exception cref="DataFormatException">A tensor is missing, has the wrong shape or dtype, or holds a non-finite value.</exception>
    public static bool LoadBestModel<T>(Sequential<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        LoadModel(model, path, preferBest: true);

    private static bool LoadModel<T>(Sequential<T> model, string path, bool preferBest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = CheckpointReader.Open(path);
        var state = model.State();
        // The last parameters are read (and checked) either way: a file with a broken tensor is refused whichever is used.
        var values = ReadState(file, state, prefix: "");
        bool best = preferBest && state.Count > 0 && file.SafeTensors.Contains(BestPrefix + state[0].Name);
        if (best) values = ReadState(file, state, BestPrefix);
        for (int i = 0; i < state.Count; i++) values[i].CopyTo(state[i].Value);
        return best;
    }

    /// <summary>The metadata of a checkpoint (architecture, hyperparameters, solver position), without loading tensors.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => CheckpointReader.Open(path).Metadata;

    // Reads a value for every model tensor (under prefix + name), checking shape, dtype and finiteness, before anything is changed.
    private static NdArray<T>[] ReadState<T>(CheckpointReader file, IReadOnlyList<(string Name, NdArray<T> Value)> state, string prefix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new NdArray<T>[state.Count];
        for (int i = 0; i < state.Count; i++) values[i] = file.GetFiniteArray<T>(prefix + state[i].Name, state[i].Value.Shape.ToArray());
        return values;
    }

    // A file that cannot be loaded back is worse than none: the previous checkpoint stays instead.
    private static void RequireFinite<T>(string what, IEnumerable<(string Name, NdArray<T> Value)> tensors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (name, value) in tensors)
        {
            int bad = value.IndexOfNonFinite();
            if (bad >= 0)
                throw new InvalidOperationException($"Not saving the checkpoint: {what} '{name}' holds {value[bad]} at element {bad} (training diverged).");
        }
    }
}
