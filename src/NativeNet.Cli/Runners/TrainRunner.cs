using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Initializations;
using NativeNet.Cli.Normalizations;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Plotting;
using NativeNet.Cli.Regularization;
using NativeNet.Cli.Schedules;
using NativeNet.Cli.Tasks;
using NativeNet.Data;
using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Mpi;
using NativeNet.Distributed.Training;
using NativeNet.IO;
using NativeNet.Kernels;
using NativeNet.Losses;
using NativeNet.Metrics;
using NativeNet.Models;
using NativeNet.Regularization;
using NativeNet.Schedules;
using NativeNet.Training;
using Spectre.Console;

namespace NativeNet.Cli.Runners;

/// <summary>
/// Runs <c>nativenet train</c>: loads the data, builds the network and the optimizer, trains with progress, saves the
/// checkpoint after every epoch, then writes the histories, the plots, a result table and (with --json) one JSON line.
/// </summary>
/// <remarks>
/// The checkpoint holds the parameters of the last epoch, so that <c>--resume</c> continues exactly where training
/// stopped, and the best-validation snapshot. With <c>--restore-best</c> (the default) the run ends with the best
/// parameters, also when cancelled, and reports their test accuracy; the checkpoint records the choice
/// (<c>hyperparameters.restore_best</c>) so that <c>eval</c> evaluates those same parameters.
/// Data-parallel (under mpiexec, or with --shards) every rank trains; only rank 0 prints and writes files, and an
/// error on any rank ends every rank at once.
/// </remarks>
internal static class TrainRunner
{
    public const string CheckpointFile = "checkpoint.safetensors";

    /// <summary>The test set's confusion matrix of a classifier, as CSV, written next to the checkpoint.</summary>
    public const string ConfusionFile = "confusion.csv";

    /// <summary>The model file (architecture and the weights the run ended with, nothing of training) written next to the checkpoint.</summary>
    public const string ModelFileName = "model.safetensors";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(CliContext context, TrainSettings settings)
    {
        int previousThreads = Parallelism.ThreadCount;
        Parallelism.ThreadCount = settings.Threads;
        using var world = OpenWorld(settings);
        try
        {
            // Ranks other than 0 compute the same run silently; their errors still reach stderr.
            var rankContext = world is { Rank: > 0 } ? new CliContext(TextWriter.Null, context.Error, interactive: false, context.Cancellation) : context;
            return Train(rankContext, settings, world);
        }
        catch (Exception e) when (world is { Size: > 1 })
        {
            return EveryRank.Stop(context, world, e);
        }
        finally
        {
            Parallelism.ThreadCount = previousThreads;
        }
    }

    // MPI when --distributed mpi, or when mpiexec started this process and --distributed is not none; one process
    // computing every shard when only --shards asks for shards; null for the plain solver.
    private static ICommunicator? OpenWorld(TrainSettings settings)
    {
        if (settings.Distributed == "mpi" || (settings.Distributed is null && MpiLaunch.IsLaunched)) return MpiCommunicator.Initialize();
        return settings.Shards is null ? null : new SingleProcessCommunicator();
    }

    /// <summary>The run as the charts' titles name it: data, hidden widths and activation, optimizer.</summary>
    public static string PlotTitle(TrainSettings settings, string dataKind) =>
        $"{dataKind}, {(settings.Hidden.Count == 0 ? "linear" : string.Join('-', settings.Hidden))} {settings.Activation}, {settings.Optimizer}";

    /// <summary>
    /// Continues <paramref name="solver"/> from the checkpoint at <paramref name="resumeFrom"/> (nothing when null);
    /// --epochs must leave at least one epoch to train.
    /// </summary>
    public static void ResumeIfAsked<T>(Solver<T> solver, string? resumeFrom, int epochs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (resumeFrom is null) return;
        Checkpoint.Resume(solver, resumeFrom);
        if (epochs <= solver.Epoch)
            throw new UsageException($"--resume: {resumeFrom} has completed {solver.Epoch} epochs, so --epochs {epochs} leaves nothing to train; pass a larger --epochs");
    }

    /// <summary>The architecture <paramref name="settings"/> describe for data of <paramref name="features"/> inputs and <paramref name="classes"/> classes.</summary>
    public static FullyConnectedNetSpec Spec(TrainSettings settings, int features, int classes) => new()
    {
        InputSize = features,
        HiddenSizes = [.. settings.Hidden],
        Classes = classes,
        Activation = settings.Activation,
        Normalization = NormalizationCatalog.Registry.Get(settings.Norm).Normalization,
        DropProbability = settings.Dropout,
        Initialization = InitializationCatalog.Registry.Get(settings.Init).Initialization,
        WeightScale = settings.WeightScale,
        Seed = settings.Seed,
    };

    /// <summary>The --l2/--l1 penalty of <paramref name="settings"/>, or null when both are 0.</summary>
    public static WeightPenalty? Penalty(TrainSettings settings) =>
        settings.L2 == 0 && settings.L1 == 0 ? null : new WeightPenalty
        {
            L2 = settings.L2,
            L1 = settings.L1,
            L2Convention = L2ConventionCatalog.Registry.Get(settings.L2Convention).Convention,
        };

    /// <summary>Where the checkpoint of <paramref name="path"/> (a file, or a directory holding <see cref="CheckpointFile"/>) is.</summary>
    public static string CheckpointPath(string path, string what)
    {
        if (Directory.Exists(path))
        {
            string inside = Path.Combine(path, CheckpointFile);
            return File.Exists(inside) ? inside : throw new FileNotFoundException($"{what}: {path} holds no {CheckpointFile}", inside);
        }
        return File.Exists(path) ? path : throw new FileNotFoundException($"{what}: no checkpoint at {path}", path);
    }

    private static int Train(CliContext context, TrainSettings settings, ICommunicator? world)
    {
        // Resolve the checkpoint first: a wrong path should fail before the data is read.
        string? resumeFrom = settings.Resume is null ? null : CheckpointPath(settings.Resume, "--resume");
        bool writes = world is null || world.Rank == 0;
        using var folderLock = writes ? OutputFolderLock.Acquire(settings.OutDirectory) : null;
        string checkpoint = Path.Combine(settings.OutDirectory, CheckpointFile);
        if (writes && resumeFrom is null && !settings.Overwrite && File.Exists(checkpoint))
            throw new UsageException($"--out {settings.OutDirectory} already holds {CheckpointFile}; pass --overwrite to replace it or --resume {settings.OutDirectory} to continue it");
        if (TaskCatalog.Registry.Get(settings.Task).PredictsTargets) return RegressionRunner.Train(context, settings, resumeFrom, checkpoint, world);
        var data = TrainingData.Load(settings.Data, settings.Validation, settings.Classes);
        if (settings.TrainSubset is int subset) data = data.WithTrainSubset(subset);
        var spec = Spec(settings, data.Train.SampleLength, data.Classes);
        int? shards = world is null ? null : settings.Shards ?? ShardLayout.DefaultShards;
        var hyperparameters = Hyperparameters(settings, data.ValidationCount, shards);
        if (world is not null) ConfigurationCheck.Verify(world, "data and training options", Fingerprint(data, spec, hyperparameters));
        if (resumeFrom is not null) CheckResumable(resumeFrom, spec, hyperparameters, settings.Double);
        // The data is read and preprocessed in float either way, so --double changes only the arithmetic of training.
        return settings.Double
            ? Train(context, settings, data, data.Train.Cast<double>(), data.Validation?.Cast<double>(), data.Test.Cast<double>(), spec, hyperparameters, resumeFrom, checkpoint, world, shards)
            : Train(context, settings, data, data.Train, data.Validation, data.Test, spec, hyperparameters, resumeFrom, checkpoint, world, shards);
    }

    // What every rank must agree on: the architecture, the options that shape the steps, and the training data itself.
    private static byte[] Fingerprint(TrainingData data, FullyConnectedNetSpec spec, Dictionary<string, object?> hyperparameters) =>
        Fingerprint(spec, hyperparameters, data.ToJson(), data.Train.Features.Span, MemoryMarshal.AsBytes(data.Train.Labels.AsSpan()));

    /// <summary>
    /// The SHA-256 of what every rank of a data-parallel run must agree on (<see cref="ConfigurationCheck"/>): the
    /// architecture, the options that shape the steps, the data's description, and the training features and labels
    /// or targets, hashed where they lie rather than copied into one buffer the size of the training set.
    /// </summary>
    public static byte[] Fingerprint(FullyConnectedNetSpec spec, Dictionary<string, object?> hyperparameters, string dataJson,
        ReadOnlySpan<float> features, ReadOnlySpan<byte> answers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(spec.ToJson() + FieldsJson.Serialize(hyperparameters) + dataJson));
        hash.AppendData(MemoryMarshal.AsBytes(features));
        hash.AppendData(answers);
        return hash.GetHashAndReset();
    }

    /// <summary>The run's description of its ranks and shards for the first line, empty without data-parallel training.</summary>
    public static string ParallelText(ICommunicator? world, int? shards) =>
        world is null ? "" : $"; data-parallel on {world.Size} rank{(world.Size == 1 ? "" : "s")}, {shards} shards per batch";

    private static int Train<T>(CliContext context, TrainSettings settings, TrainingData data, Dataset<T> train, Dataset<T>? validationData, Dataset<T> test,
        FullyConnectedNetSpec spec, Dictionary<string, object?> hyperparameters, string? resumeFrom, string checkpoint, ICommunicator? world, int? shards)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool writes = world is null || world.Rank == 0;
        var model = FullyConnectedNet.Build<T>(spec);
        var optimizer = OptimizerCatalog.Create(settings.Optimizer, model.Parameters, settings.LearningRate, settings.Momentum, settings.WeightDecay,
            OptimizerCatalog.ParseWeightDecayMode(settings.WeightDecayMode));
        var options = SolverOptionsOf(settings, data.Train.Count);
        var solver = new Solver<T>(model, new SoftmaxCrossEntropyLoss<T>(), optimizer, train, validationData, options)
        {
            MonitoredTestData = settings.TestEveryEpoch ? test : null,
            MinibatchGradient = world is null ? null : new DataParallelGradient<T>(world, model, shards!.Value),
        };
        var metadata = new Dictionary<string, string>
        {
            ["architecture"] = spec.ToJson(),
            ["hyperparameters"] = FieldsJson.Serialize(hyperparameters),
            ["data"] = data.ToJson(),
        };
        ResumeIfAsked(solver, resumeFrom, settings.Epochs);

        string title = PlotTitle(settings, data.Spec.Kind);
        string resuming = resumeFrom is null ? "" : $"; resuming at epoch {solver.Epoch + 1} from {resumeFrom}";
        string parallel = ParallelText(world, shards);
        context.Out.WriteLine(string.Create(Invariant,
            $"{data.Spec}: {data.Train.Count} train / {data.ValidationCount} validation / {data.Test.Count} test, {data.Train.SampleLength} features, {data.Classes} classes; model {model.ParameterCount:N0} parameters; {settings.Optimizer} lr {settings.LearningRate:G4}, batch {settings.BatchSize}{parallel}{resuming}"));

        var (result, samplesDone, savedEpoch) = RunSolver(context, solver, settings, writes ? checkpoint : null, metadata, p =>
        {
            // Short words keep the line within the 120 columns of redirected output.
            string validationLoss = p.ValidationAccuracy is not null && solver.History.ValidationLoss.Count > 0
                ? $" (validation {solver.History.ValidationLoss[^1].ToString("F4", Invariant)})" : "";
            string validation = p.ValidationAccuracy is double v ? "validation " + v.ToString("P2", Invariant) : "no validation";
            string test = settings.TestEveryEpoch && solver.History.TestAccuracy.Count > 0
                ? ", test " + solver.History.TestAccuracy[^1].ToString("P2", Invariant) : "";
            return string.Create(Invariant,
                $"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:F4}{validationLoss}, train accuracy {p.TrainAccuracy:P2}, {validation}{test}, lr {p.LearningRate:G4}");
        });

        // A cancelled run stops mid-epoch: save where it is so that nothing is lost, then report the parameters eval
        // will evaluate. A diverged one is not saved, so the file keeps the last completed epoch, whose parameters are finite.
        if (result.Reason == StopReason.Cancelled)
        {
            if (writes) Checkpoint.Save(solver, checkpoint, metadata);
            if (settings.RestoreBest) solver.RestoreBestParameters();
        }
        double testAccuracy = Evaluator.Accuracy(model, test);
        var confusion = Evaluator.Confusion(model, test);
        var testMetrics = confusion.Metrics();
        double? validationAccuracy = validationData is null ? null : Evaluator.Accuracy(model, validationData);

        // The other ranks hold the same parameters and histories; rank 0 alone writes them.
        if (!writes) return SilentRankExitCode(result);
        var files = WriteModelFiles(model, settings, result, savedEpoch, checkpoint, new Dictionary<string, string> { ["data"] = metadata["data"] });
        string confusionFile = Path.Combine(settings.OutDirectory, ConfusionFile);
        File.WriteAllText(confusionFile, confusion.ToCsv());
        files.Add(confusionFile);
        files.AddRange(WriteHistoriesAndCharts(settings, title, solver));

        double samplesPerSecond = result.TrainSeconds > 0 ? Math.Max(0, samplesDone) / result.TrainSeconds : 0;
        WriteTable(context, data, model.ParameterCount, result, testAccuracy, testMetrics, validationAccuracy, samplesPerSecond);
        context.Out.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(settings.OutDirectory)}");
        context.Out.WriteLine(string.Create(Invariant, $"test accuracy: {testAccuracy:P2}"));
        if (settings.Json)
            context.Out.WriteLine(FieldsJson.Serialize(new Dictionary<string, object?>
            {
                ["test_accuracy"] = testAccuracy,
                ["test_precision"] = testMetrics.MacroPrecision,
                ["test_recall"] = testMetrics.MacroRecall,
                ["test_f1"] = testMetrics.MacroF1,
                ["val_accuracy"] = validationAccuracy,
                ["best_val_accuracy"] = double.IsNaN(result.BestValidationAccuracy) ? null : result.BestValidationAccuracy,
                ["best_epoch"] = data.Validation is null ? null : result.BestEpoch,
                ["train_seconds"] = Math.Round(result.TrainSeconds, 3),
                ["epochs"] = result.EpochsCompleted,
                ["iterations"] = result.Iterations,
                ["samples_per_second"] = Math.Round(samplesPerSecond, 1),
                ["stop_reason"] = StopReasonName(result.Reason),
                ["final_loss"] = FinalEpochLoss(solver.History),
                ["parameters"] = model.ParameterCount,
                ["ranks"] = world?.Size ?? 1,
                ["data"] = data.Spec.ToString(),
                ["out"] = Path.GetFullPath(settings.OutDirectory),
            }));
        return ExitCode(context, settings, result, checkpoint, savedEpoch);
    }

    /// <summary>The exit code of a rank other than 0 of a data-parallel run, which holds rank 0's results but writes nothing.</summary>
    public static int SilentRankExitCode(TrainingResult result) =>
        result.Reason switch { StopReason.Cancelled => Program.Cancelled, StopReason.Diverged => Program.RuntimeFailure, _ => Program.Success };

    /// <summary>
    /// The checkpoint when the run saved it, and the model file written now (the architecture, the parameters the run
    /// ends with and reports, and <paramref name="modelMetadata"/>) unless training diverged: a diverged model is not
    /// worth deploying. Returns the paths, for the run's list of files written.
    /// </summary>
    public static List<string> WriteModelFiles<T>(Sequential<T> model, TrainSettings settings, TrainingResult result, int? savedEpoch, string checkpoint,
        Dictionary<string, string> modelMetadata) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var files = new List<string>();
        bool saved = savedEpoch is not null || result.Reason == StopReason.Cancelled;
        if (saved) files.Add(checkpoint);
        if (saved && result.Reason != StopReason.Diverged)
        {
            string modelFile = Path.Combine(settings.OutDirectory, ModelFileName);
            ModelFile.Save(model, modelFile, modelMetadata);
            files.Add(modelFile);
        }
        return files;
    }

    /// <summary>The histories and, unless --no-plots, the charts of <paramref name="solver"/>'s run; returns the paths.</summary>
    public static IEnumerable<string> WriteHistoriesAndCharts<T>(TrainSettings settings, string title, Solver<T> solver)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var files = WriteHistories(settings.OutDirectory, solver.History).ToList();
        if (settings.Plots && solver.History.Loss.Count > 0)
            files.AddRange(TrainingPlots.Write(settings.OutDirectory, title, Curves(solver.History, solver.BatchesPerEpoch)));
        return files;
    }

    /// <summary>
    /// Trains with a progress bar and, after every epoch, saves the checkpoint (when <paramref name="checkpoint"/> is
    /// not null) and prints <paramref name="epochLine"/>; returns the result, the samples trained and the last epoch saved.
    /// </summary>
    internal static (TrainingResult Result, long SamplesDone, int? SavedEpoch) RunSolver<T>(CliContext context, Solver<T> solver, TrainSettings settings,
        string? checkpoint, IReadOnlyDictionary<string, string> metadata, Func<NativeNet.Training.TrainingProgress, string> epochLine)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long samplesPerEpoch = solver.SamplesPerEpoch;
        long startSamples = solver.Epoch * samplesPerEpoch + Math.Min(samplesPerEpoch, (long)solver.BatchInEpoch * settings.BatchSize);
        long totalSamples = settings.Epochs * samplesPerEpoch - startSamples;
        long samplesDone = 0, reported = -1;
        int? savedEpoch = null;
        var result = Console.TrainingProgress.Run(context, "train", totalSamples, progress =>
        {
            solver.Progress += (_, p) =>
            {
                long epochStart = (p.Epoch - 1) * (long)solver.BatchesPerEpoch;
                samplesDone = p.Kind == ProgressKind.Epoch
                    ? p.Epoch * samplesPerEpoch - startSamples
                    : (p.Epoch - 1) * samplesPerEpoch + Math.Min(samplesPerEpoch, (p.Iteration - epochStart) * settings.BatchSize) - startSamples;
                if (p.Kind == ProgressKind.Iteration || samplesDone != reported) progress.Report(samplesDone, p.Loss, $"epoch {p.Epoch}/{p.Epochs}");
                reported = samplesDone;
                if (p.Kind != ProgressKind.Epoch) return;
                if (checkpoint is not null) Checkpoint.Save(solver, checkpoint, metadata);
                savedEpoch = p.Epoch;
                context.Ansi.WriteLine(epochLine(p));
            };
            return solver.Train(context.Cancellation);
        });
        return (result, samplesDone, savedEpoch);
    }

    /// <summary>The SolverOptions of <paramref name="settings"/> for a training split of <paramref name="trainCount"/> samples.</summary>
    internal static SolverOptions SolverOptionsOf(TrainSettings settings, int trainCount) => new()
    {
        BatchSize = settings.BatchSize,
        DropLastPartialBatch = settings.DropLast,
        Epochs = settings.Epochs,
        Seed = settings.Seed,
        Schedule = ScheduleOf(settings)?.Build(new ScheduleRun(BatchesPerEpoch(trainCount, settings), settings.Epochs)),
        ScheduleUnit = ScheduleUnit.Iteration,
        RestoreBestParameters = settings.RestoreBest,
        TrainAccuracySamples = 1000,
        Penalty = Penalty(settings),
        EarlyStopping = settings.Patience is int patience ? new EarlyStopping { Patience = patience, MinDelta = settings.MinDelta } : null,
    };

    /// <summary>Reports a cancelled or diverged run on stderr and returns the process exit code of <paramref name="result"/>.</summary>
    internal static int ExitCode(CliContext context, TrainSettings settings, TrainingResult result, string checkpoint, int? savedEpoch)
    {
        switch (result.Reason)
        {
            case StopReason.Cancelled:
                context.Error.WriteLine($"cancelled: {result.Message} Checkpoint saved to {checkpoint}; continue with --resume {settings.OutDirectory}");
                return Program.Cancelled;
            case StopReason.Diverged:
                string kept = savedEpoch is int epoch ? $"{checkpoint} holds epoch {epoch}, the last one completed"
                    : File.Exists(checkpoint) ? $"{checkpoint} is unchanged" : "no checkpoint was written";
                context.Error.WriteLine($"error: training diverged: {result.Message} The diverged state was not saved; {kept}.");
                return Program.RuntimeFailure;
            default:
                return Program.Success;
        }
    }

    /// <summary>The schedule --schedule or --lr-decay asks for, or null for a constant rate.</summary>
    public static ScheduleSpec? ScheduleOf(TrainSettings settings) =>
        settings.Schedule ?? (settings.LearningRateDecay == 1 ? null : ScheduleSpec.Multiplicative(settings.LearningRateDecay));

    // As the solver counts them: the batch is at most the training set, and --drop-last drops a partial last one.
    private static int BatchesPerEpoch(int samples, TrainSettings settings)
    {
        int batch = Math.Min(settings.BatchSize, samples);
        return settings.DropLast ? samples / batch : (samples + batch - 1) / batch;
    }

    // Everything besides the architecture that must match for a resumed run to continue the original one, but for
    // the options that change neither the data nor the steps (epochs, restore_best).
    private static readonly string[] MayChangeOnResume = ["epochs", "restore_best", "patience", "min_delta"];

    internal static Dictionary<string, object?> Hyperparameters(TrainSettings settings, int validation, int? shards) => new()
    {
        ["data"] = settings.Data.ToString(),
        ["task"] = settings.Task,
        ["validation"] = validation,
        ["train_subset"] = settings.TrainSubset,
        ["drop_last"] = settings.DropLast,
        ["optimizer"] = settings.Optimizer,
        ["lr"] = settings.LearningRate,
        ["momentum"] = settings.Momentum,
        ["lr_decay"] = settings.LearningRateDecay,
        ["schedule"] = ScheduleOf(settings)?.ToString(),
        ["weight_decay"] = settings.WeightDecay,
        ["weight_decay_mode"] = settings.WeightDecayMode,
        ["l2"] = settings.L2,
        ["l2_convention"] = settings.L2Convention,
        ["l1"] = settings.L1,
        ["batch_size"] = settings.BatchSize,
        ["seed"] = settings.Seed,
        ["epochs"] = settings.Epochs,
        ["restore_best"] = settings.RestoreBest,
        ["patience"] = settings.Patience,
        ["min_delta"] = settings.MinDelta,
        // Shards change the rounding, ranks do not: a run resumes on any number of ranks but with its shard count.
        ["shards"] = shards,
    };

    // The file must be consistent (its architecture metadata matches its tensors) before it is compared with the
    // options; the first field that differs is named.
    internal static void CheckResumable(string path, FullyConnectedNetSpec spec, Dictionary<string, object?> hyperparameters, bool useDouble)
    {
        var file = CheckpointReader.Open(path);
        // The element type first: a float64 checkpoint read as float32 would otherwise fail on its first tensor.
        if (file.Metadata.TryGetValue("dtype", out var dtype) && (dtype == "float64") != useDouble)
            throw new UsageException(useDouble
                ? $"--resume: {path} holds float32 parameters; leave out --double to continue it"
                : $"--resume: {path} holds float64 parameters; pass --double to continue it");
        var saved = file.GetArchitecture();
        file.RequireTensorShapes(FullyConnectedNet.StateShapes(saved), "metadata 'architecture'");
        using (var savedFields = JsonDocument.Parse(saved.ToJson()))
        using (var wantedFields = JsonDocument.Parse(spec.ToJson()))
            foreach (var field in wantedFields.RootElement.EnumerateObject())
                RequireSame(path, field.Name, savedFields.RootElement.GetProperty(field.Name).GetRawText(), field.Value.GetRawText());
        if (!file.Metadata.ContainsKey("hyperparameters")) return;
        var stored = file.GetObject("hyperparameters");
        foreach (var (name, value) in hyperparameters)
            if (!MayChangeOnResume.Contains(name) && stored.TryGetProperty(name, out var storedValue))
                RequireSame(path, name, storedValue.GetRawText(), FieldsJson.Serialize(value));
    }

    private static void RequireSame(string path, string name, string saved, string wanted)
    {
        if (saved != wanted) throw new UsageException($"--resume: {path} was trained with {name} {saved}, but the options say {wanted}");
    }

    internal static IEnumerable<string> WriteHistories(string directory, TrainingHistory history)
    {
        var series = history.Series().ToList();
        string csv = Path.Combine(directory, "history.csv"), json = Path.Combine(directory, "history.json"), npz = Path.Combine(directory, "history.npz");
        HistoryExport.WriteCsv(csv, series);
        HistoryExport.WriteJson(json, series);
        HistoryExport.WriteNpz(npz, series);
        return [csv, json, npz];
    }

    /// <summary>The --json name of <paramref name="reason"/>: completed, cancelled, diverged, early_stopped.</summary>
    internal static string StopReasonName(StopReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>The mean training loss of the last completed epoch, or null before one completes.</summary>
    public static double? FinalEpochLoss(TrainingHistory history) =>
        history.EpochLoss.Count > 0 && !double.IsNaN(history.EpochLoss[^1]) ? history.EpochLoss[^1] : null;

    /// <summary>The plotted curves of <paramref name="history"/>; the validation loss is drawn at the iteration that ends each epoch.</summary>
    public static TrainingCurves Curves(TrainingHistory history, int batchesPerEpoch)
    {
        var iterations = Enumerable.Range(1, history.Loss.Count).Select(i => (double)i).ToArray();
        // A history resumed from a checkpoint older than the epoch series numbers its entries from 1. A classifier
        // records its training accuracy every epoch, a regression its validation R².
        int measured = Math.Max(history.TrainAccuracy.Count, history.ValidationRSquared.Count);
        IReadOnlyList<double> epochs = history.Epoch.Count == measured
            ? history.Epoch
            : [.. Enumerable.Range(1, measured).Select(e => (double)e)];
        var validation = history.ValidationAccuracy.Count == epochs.Count ? history.ValidationAccuracy : [.. epochs.Select(_ => double.NaN)];
        // A history resumed from a checkpoint older than these series lacks their first epochs: they are left out.
        var validationLoss = history.ValidationLoss.Count == epochs.Count ? history.ValidationLoss : [.. epochs.Select(_ => double.NaN)];
        var test = history.TestAccuracy.Count == epochs.Count ? history.TestAccuracy : [.. epochs.Select(_ => double.NaN)];
        return new TrainingCurves(iterations, history.Loss, FullBatchGradientNorms(history), history.LearningRate, epochs, history.TrainAccuracy, validation)
        {
            EpochEndIterations = [.. epochs.Select(e => e * batchesPerEpoch)],
            ValidationLoss = validationLoss,
            TestAccuracy = test,
            ValidationRSquared = history.ValidationRSquared.Count == epochs.Count ? history.ValidationRSquared : [],
        };
    }

    // The norm of a partial batch's mean gradient is noisier and on average larger than a full batch's, a spike that
    // says nothing about training: the plot leaves those iterations out (the history keeps them, with their batch size).
    private static double[] FullBatchGradientNorms(TrainingHistory history)
    {
        double full = history.BatchSize.Count > 0 ? history.BatchSize.Max() : 0;
        var norms = history.GradientNorm.ToArray();
        for (int i = 0; i < Math.Min(norms.Length, history.BatchSize.Count); i++)
            if (history.BatchSize[i] < full) norms[i] = double.NaN;
        return norms;
    }

    private static void WriteTable(CliContext context, TrainingData data, long parameters, TrainingResult result, double test, ClassificationMetrics metrics,
        double? validation, double samplesPerSecond)
    {
        var table = new Table().Title(Markup.Escape($"train on {data.Spec}"));
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("test accuracy", test.ToString("P2", Invariant));
        table.AddRow("test precision / recall / F1 (macro)", string.Join(" / ", new[] { metrics.MacroPrecision, metrics.MacroRecall, metrics.MacroF1 }.Select(v => v.ToString("F4", Invariant))));
        if (validation is double accuracy)
        {
            table.AddRow("validation accuracy", accuracy.ToString("P2", Invariant));
            table.AddRow("best validation accuracy", double.IsNaN(result.BestValidationAccuracy) ? "-" : $"{result.BestValidationAccuracy.ToString("P2", Invariant)} (epoch {result.BestEpoch})");
        }
        else
        {
            table.AddRow("validation accuracy", Markup.Escape("- (no validation split: --validation 0)"));
        }
        AddRunRows(table, result, parameters, samplesPerSecond);
        context.Ansi.Write(table);
    }

    /// <summary>The rows every task's result table ends with: training loss, epochs, iterations, size, time, throughput and why it stopped.</summary>
    internal static void AddRunRows(Table table, TrainingResult result, long parameters, double samplesPerSecond)
    {
        table.AddRow("final training loss (epoch mean)", FinalEpochLoss(result.History)?.ToString("F4", Invariant) ?? "-");
        table.AddRow("epochs", result.EpochsCompleted.ToString(Invariant));
        table.AddRow("iterations", result.Iterations.ToString(Invariant));
        table.AddRow("parameters", parameters.ToString("N0", Invariant));
        table.AddRow("training time", $"{result.TrainSeconds.ToString("F2", Invariant)} s");
        table.AddRow("samples/s", samplesPerSecond.ToString("N0", Invariant));
        table.AddRow("stopped", Markup.Escape(result.Reason == StopReason.Completed ? "completed" : result.Message));
    }
}
