using System.Globalization;
using System.Numerics;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Tasks;
using NativeNet.Data;
using NativeNet.Metrics;
using NativeNet.Models;
using NativeNet.Training;
using Spectre.Console;

namespace NativeNet.Cli.Runners;

/// <summary>
/// Runs <c>nativenet eval</c>: rebuilds the network from the checkpoint's <c>architecture</c> metadata, loads its
/// parameters and reports accuracy, per-class accuracy and the confusion matrix (a regression: R², MSE and MAE) on the
/// test split of the data it was trained on (or of --data), preprocessed the same way. The parameters are those <c>train</c> ended with and reported:
/// the best-validation snapshot when the run restored it (<c>hyperparameters.restore_best</c>), else the last ones.
/// </summary>
internal static class EvalRunner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(CliContext context, EvalSettings settings)
    {
        string path = TrainRunner.CheckpointPath(settings.Checkpoint, "eval");
        var file = CheckpointReader.Open(path);
        var spec = file.GetArchitecture();
        // Before anything sized by the metadata is built: a small file must not make eval allocate a huge network.
        file.RequireTensorShapes(FullyConnectedNet.StateShapes(spec), "metadata 'architecture'");
        var dataSpec = settings.Data ?? SavedDataSpec(file);
        if (TaskCatalog.Of(file.Metadata).PredictsTargets) return RunRegression(context, settings, path, file, spec, dataSpec);
        var data = TrainingData.Load(dataSpec, SavedValidationCount(file, dataSpec), dataSpec.Source.TakesClassCount ? spec.Classes : null);
        if (data.Test.SampleLength != spec.InputSize || data.Classes != spec.Classes)
            throw new UsageException($"the checkpoint expects {spec.InputSize} features and {spec.Classes} classes, but {dataSpec} has {data.Test.SampleLength} and {data.Classes}");
        var (confusion, best) = file.Metadata.TryGetValue("dtype", out var dtype) && dtype == "float64"
            ? Evaluate<double>(file, spec, data.Test.Cast<double>(), settings.BatchSize)
            : Evaluate<float>(file, spec, data.Test, settings.BatchSize);
        string parameters = ParametersText(file, best);

        double[] perClass = confusion.PerClassAccuracy();
        var summary = new Table().Title(Markup.Escape($"{dataSpec} test set, {confusion.Total} samples"));
        summary.AddColumn("class");
        summary.AddColumn(new TableColumn("samples").RightAligned());
        summary.AddColumn(new TableColumn("accuracy").RightAligned());
        for (int c = 0; c < confusion.ClassCount; c++)
        {
            long count = 0;
            for (int p = 0; p < confusion.ClassCount; p++) count += confusion[c, p];
            summary.AddRow(Markup.Escape(confusion.ClassNames[c]), count.ToString(Invariant), double.IsNaN(perClass[c]) ? "-" : perClass[c].ToString("P2", Invariant));
        }
        summary.AddRow("[bold]all[/]", confusion.Total.ToString(Invariant), $"[bold]{confusion.Accuracy.ToString("P2", Invariant)}[/]");
        context.Ansi.Write(summary);

        // Large label sets (CIFAR-100) make an unreadable grid; the JSON still carries the whole matrix.
        if (confusion.ClassCount <= 20)
        {
            var matrix = new Table().Title("confusion matrix (rows: actual, columns: predicted)");
            matrix.AddColumn("actual \\ predicted");
            for (int p = 0; p < confusion.ClassCount; p++) matrix.AddColumn(new TableColumn(Markup.Escape(Short(confusion.ClassNames[p]))).RightAligned());
            for (int a = 0; a < confusion.ClassCount; a++)
            {
                var row = new List<string> { Markup.Escape(confusion.ClassNames[a]) };
                for (int p = 0; p < confusion.ClassCount; p++)
                    row.Add(a == p ? $"[bold]{confusion[a, p].ToString(Invariant)}[/]" : confusion[a, p].ToString(Invariant));
                matrix.AddRow(row.ToArray());
            }
            context.Ansi.Write(matrix);
        }
        context.Out.WriteLine($"evaluated {parameters}");
        context.Out.WriteLine(string.Create(Invariant, $"test accuracy: {confusion.Accuracy:P2}"));
        if (settings.Json)
        {
            var counts = new long[confusion.ClassCount][];
            for (int a = 0; a < counts.Length; a++)
            {
                counts[a] = new long[confusion.ClassCount];
                for (int p = 0; p < counts.Length; p++) counts[a][p] = confusion[a, p];
            }
            context.Out.WriteLine(FieldsJson.Serialize(new Dictionary<string, object?>
            {
                ["accuracy"] = confusion.Accuracy,
                ["per_class_accuracy"] = perClass.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray(),
                ["class_names"] = confusion.ClassNames,
                ["confusion_matrix"] = counts,
                ["samples"] = confusion.Total,
                ["parameters"] = best ? "best_validation" : "last",
                ["checkpoint"] = Path.GetFullPath(path),
                ["data"] = dataSpec.ToString(),
            }));
        }
        return Program.Success;
    }

    // A regression's test metrics: MSE, MAE and R² of its outputs against the targets.
    private static int RunRegression(CliContext context, EvalSettings settings, string path, CheckpointReader file, FullyConnectedNetSpec spec, DataSpec dataSpec)
    {
        var data = RegressionData.Load(dataSpec, SavedValidationCount(file, dataSpec));
        if (data.Test.SampleLength != spec.InputSize || data.Targets != spec.Classes)
            throw new UsageException($"the checkpoint expects {spec.InputSize} features and {spec.Classes} targets, but {dataSpec} has {data.Test.SampleLength} and {data.Targets}");
        var (metrics, best) = file.Metadata.TryGetValue("dtype", out var dtype) && dtype == "float64"
            ? EvaluateRegression<double>(file, spec, data.Test.Cast<double>(), settings.BatchSize)
            : EvaluateRegression<float>(file, spec, data.Test, settings.BatchSize);
        var table = new Table().Title(Markup.Escape($"{dataSpec} test set, {metrics.Count} samples"));
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        RegressionRunner.AddMetricRows(table, "", metrics);
        context.Ansi.Write(table);
        context.Out.WriteLine($"evaluated {ParametersText(file, best)}");
        context.Out.WriteLine(string.Create(Invariant, $"test R²: {metrics.RSquared:F4} (MSE {metrics.MeanSquaredError:G5}, MAE {metrics.MeanAbsoluteError:G5})"));
        if (settings.Json)
            context.Out.WriteLine(FieldsJson.Serialize(new Dictionary<string, object?>
            {
                ["task"] = TaskCatalog.Of(file.Metadata).Name,
                ["r2"] = metrics.RSquared,
                ["mse"] = metrics.MeanSquaredError,
                ["mae"] = metrics.MeanAbsoluteError,
                ["samples"] = metrics.Count,
                ["parameters"] = best ? "best_validation" : "last",
                ["checkpoint"] = Path.GetFullPath(path),
                ["data"] = dataSpec.ToString(),
            }));
        return Program.Success;
    }

    private static (RegressionMetrics Metrics, bool Best) EvaluateRegression<T>(CheckpointReader file, FullyConnectedNetSpec spec, TargetDataset<T> test, int batchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (model, best) = ModelSource.LoadCheckpoint<T>(file, spec);
        return (Evaluator.Regression(model, test, batchSize), best);
    }

    private static string ParametersText(CheckpointReader file, bool best) => best
        ? string.Create(Invariant, $"the best-validation parameters (epoch {file.GetInt32("solver", "best_epoch", 0, int.MaxValue)})")
        : "the parameters of the last epoch trained";

    private static (ConfusionMatrix Confusion, bool Best) Evaluate<T>(CheckpointReader file, FullyConnectedNetSpec spec, Dataset<T> test, int batchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (model, best) = ModelSource.LoadCheckpoint<T>(file, spec);
        return (Evaluator.Confusion(model, test, batchSize), best);
    }

    private static DataSpec SavedDataSpec(CheckpointReader file)
    {
        if (!file.Metadata.ContainsKey("data"))
            throw new UsageException($"{file.Path} does not say which data it was trained on; pass --data");
        string text = file.GetOptionalString("data", "spec") ?? "";
        return DataSpec.TryParse(text, out var error) ?? throw new UsageException($"{file.Path}: {error}; pass --data");
    }

    // The validation count shapes the test set where preprocessing is fitted on the training split (the CIFAR mean
    // image), so the data the checkpoint was trained on is rebuilt with the split it was trained with.
    private static int? SavedValidationCount(CheckpointReader file, DataSpec dataSpec) =>
        file.Metadata.ContainsKey("data") && file.GetOptionalString("data", "spec") == dataSpec.ToString()
            ? (int?)file.GetOptionalInt64("data", "validation", 0, int.MaxValue)
            : null;

    private static string Short(string name) => name.Length <= 8 ? name : name[..7] + "…";
}
