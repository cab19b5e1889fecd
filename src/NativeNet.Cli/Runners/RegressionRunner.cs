using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Plotting;
using NativeNet.Cli.Tasks;
using NativeNet.Data;
using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Training;
using NativeNet.Losses;
using NativeNet.Metrics;
using NativeNet.Models;
using NativeNet.Training;
using Spectre.Console;

namespace NativeNet.Cli.Runners;

/// <summary>
/// Runs <c>nativenet train --task regression</c>: reads the CSV's target column, trains the network's outputs towards
/// it with mean squared error (keeping the parameters of the lowest validation loss), saves the checkpoint after every
/// epoch, then writes the histories and reports MSE, MAE and R² on the test split (with --json, as one JSON line).
/// </summary>
/// <remarks>
/// The options, checkpoint, --resume, model file, history files and charts are those of classification
/// (<see cref="TrainRunner"/>), with validation R² charted instead of accuracy. The model file records the task, so
/// that predict and eval, which read classifiers, refuse it; export and <c>Sequential.Load</c> take it as any model.
/// </remarks>
internal static class RegressionRunner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Train(CliContext context, TrainSettings settings, string? resumeFrom, string checkpoint, ICommunicator? world)
    {
        if (settings.Classes is not null) throw new UsageException($"--classes does not apply to --task {settings.Task}");
        if (settings.TestEveryEpoch) throw new UsageException($"--test-every-epoch measures accuracy; it does not apply to --task {settings.Task}");
        var data = RegressionData.Load(settings.Data, settings.Validation);
        if (settings.TrainSubset is int subset) data = data.WithTrainSubset(subset);
        // The output layer has one unit per target; the architecture calls its width "classes".
        var spec = TrainRunner.Spec(settings, data.Train.SampleLength, data.Targets);
        int? shards = world is null ? null : settings.Shards ?? ShardLayout.DefaultShards;
        var hyperparameters = TrainRunner.Hyperparameters(settings, data.ValidationCount, shards);
        if (world is not null)
            ConfigurationCheck.Verify(world, "data and training options", TrainRunner.Fingerprint(spec, hyperparameters, data.ToJson(),
                data.Train.Features.Span, MemoryMarshal.AsBytes(data.Train.Targets.Span)));
        if (resumeFrom is not null) TrainRunner.CheckResumable(resumeFrom, spec, hyperparameters, settings.Double);
        return settings.Double
            ? Train(context, settings, data, data.Train.Cast<double>(), data.Validation?.Cast<double>(), data.Test.Cast<double>(), spec, hyperparameters, resumeFrom, checkpoint, world, shards)
            : Train(context, settings, data, data.Train, data.Validation, data.Test, spec, hyperparameters, resumeFrom, checkpoint, world, shards);
    }

    private static int Train<T>(CliContext context, TrainSettings settings, RegressionData data, TargetDataset<T> train, TargetDataset<T>? validation,
        TargetDataset<T> test, FullyConnectedNetSpec spec, Dictionary<string, object?> hyperparameters, string? resumeFrom, string checkpoint,
        ICommunicator? world, int? shards)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool writes = world is null || world.Rank == 0;
        var model = FullyConnectedNet.Build<T>(spec);
        var optimizer = OptimizerCatalog.Create(settings.Optimizer, model.Parameters, settings.LearningRate, settings.Momentum, settings.WeightDecay,
            OptimizerCatalog.ParseWeightDecayMode(settings.WeightDecayMode));
        var solver = new Solver<T>(model, new MeanSquaredErrorLoss<T>(), optimizer, train, validation, TrainRunner.SolverOptionsOf(settings, data.Train.Count))
        {
            MinibatchGradient = world is null ? null : new DataParallelGradient<T>(world, model, shards!.Value),
        };
        var metadata = new Dictionary<string, string>
        {
            ["architecture"] = spec.ToJson(),
            ["hyperparameters"] = FieldsJson.Serialize(hyperparameters),
            ["data"] = data.ToJson(),
        };
        TrainRunner.ResumeIfAsked(solver, resumeFrom, settings.Epochs);

        string resuming = resumeFrom is null ? "" : $"; resuming at epoch {solver.Epoch + 1} from {resumeFrom}";
        context.Out.WriteLine(string.Create(Invariant,
            $"{data.Spec}: {data.Train.Count} train / {data.ValidationCount} validation / {data.Test.Count} test, {data.Train.SampleLength} features, {data.Targets} target{(data.Targets == 1 ? "" : "s")}; model {model.ParameterCount:N0} parameters; {settings.Optimizer} lr {settings.LearningRate:G4}, batch {settings.BatchSize}{TrainRunner.ParallelText(world, shards)}{resuming}"));
        var (result, samplesDone, savedEpoch) = TrainRunner.RunSolver(context, solver, settings, writes ? checkpoint : null, metadata, p =>
        {
            var history = solver.History;
            string validationText = validation is null || history.ValidationRSquared.Count == 0
                ? "no validation"
                : string.Create(Invariant, $"validation loss {history.ValidationLoss[^1]:G5}, MAE {history.ValidationMeanAbsoluteError[^1]:G5}, R² {history.ValidationRSquared[^1]:F4}");
            return string.Create(Invariant, $"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:G5}, {validationText}, lr {p.LearningRate:G4}");
        });

        if (result.Reason == StopReason.Cancelled)
        {
            if (writes) Checkpoint.Save(solver, checkpoint, metadata);
            if (settings.RestoreBest) solver.RestoreBestParameters();
        }
        // The other ranks hold the same parameters and histories; rank 0 alone evaluates and writes them.
        if (!writes) return TrainRunner.SilentRankExitCode(result);
        var testMetrics = Evaluator.Regression(model, test);
        var validationMetrics = validation is null ? null : Evaluator.Regression(model, validation);

        // The model file records the task, so that predict and eval read its outputs as values.
        var files = TrainRunner.WriteModelFiles(model, settings, result, savedEpoch, checkpoint,
            new Dictionary<string, string> { ["data"] = metadata["data"], [TaskCatalog.MetadataKey] = settings.Task });
        files.AddRange(TrainRunner.WriteHistoriesAndCharts(settings, TrainRunner.PlotTitle(settings, data.Spec.Kind), solver));
        double samplesPerSecond = result.TrainSeconds > 0 ? Math.Max(0, samplesDone) / result.TrainSeconds : 0;
        WriteTable(context, data, model.ParameterCount, result, testMetrics, validationMetrics, samplesPerSecond);
        context.Out.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(settings.OutDirectory)}");
        context.Out.WriteLine(string.Create(Invariant, $"test R²: {testMetrics.RSquared:F4} (MSE {testMetrics.MeanSquaredError:G5}, MAE {testMetrics.MeanAbsoluteError:G5})"));
        if (settings.Json)
            context.Out.WriteLine(FieldsJson.Serialize(new Dictionary<string, object?>
            {
                ["task"] = settings.Task,
                ["test_mse"] = testMetrics.MeanSquaredError,
                ["test_mae"] = testMetrics.MeanAbsoluteError,
                ["test_r2"] = testMetrics.RSquared,
                ["val_mse"] = validationMetrics?.MeanSquaredError,
                ["val_mae"] = validationMetrics?.MeanAbsoluteError,
                ["val_r2"] = validationMetrics?.RSquared,
                ["best_val_loss"] = double.IsNaN(result.BestValidationLoss) ? null : result.BestValidationLoss,
                ["best_epoch"] = data.Validation is null ? null : result.BestEpoch,
                ["train_seconds"] = Math.Round(result.TrainSeconds, 3),
                ["epochs"] = result.EpochsCompleted,
                ["iterations"] = result.Iterations,
                ["samples_per_second"] = Math.Round(samplesPerSecond, 1),
                ["stop_reason"] = TrainRunner.StopReasonName(result.Reason),
                ["final_loss"] = TrainRunner.FinalEpochLoss(solver.History),
                ["parameters"] = model.ParameterCount,
                ["ranks"] = world?.Size ?? 1,
                ["data"] = data.Spec.ToString(),
                ["out"] = Path.GetFullPath(settings.OutDirectory),
            }));
        return TrainRunner.ExitCode(context, settings, result, checkpoint, savedEpoch);
    }

    /// <summary>Adds R², MSE and MAE of <paramref name="metrics"/> to a two-column table, each name after <paramref name="prefix"/>.</summary>
    public static void AddMetricRows(Table table, string prefix, RegressionMetrics metrics)
    {
        table.AddRow(prefix + "R²", metrics.RSquared.ToString("F4", Invariant));
        table.AddRow(prefix + "MSE", metrics.MeanSquaredError.ToString("G5", Invariant));
        table.AddRow(prefix + "MAE", metrics.MeanAbsoluteError.ToString("G5", Invariant));
    }

    private static void WriteTable(CliContext context, RegressionData data, long parameters, TrainingResult result, RegressionMetrics test,
        RegressionMetrics? validation, double samplesPerSecond)
    {
        var table = new Table().Title(Markup.Escape($"train --task regression on {data.Spec}"));
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        AddMetricRows(table, "test ", test);
        if (validation is not null)
        {
            table.AddRow("validation R²", validation.RSquared.ToString("F4", Invariant));
            table.AddRow("best validation loss", double.IsNaN(result.BestValidationLoss) ? "-" : $"{result.BestValidationLoss.ToString("G5", Invariant)} (epoch {result.BestEpoch})");
        }
        else
        {
            table.AddRow("validation R²", Markup.Escape("- (no validation split: --validation 0)"));
        }
        TrainRunner.AddRunRows(table, result, parameters, samplesPerSecond);
        context.Ansi.Write(table);
    }
}
