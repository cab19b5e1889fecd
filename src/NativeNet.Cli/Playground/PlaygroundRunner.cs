using System.Diagnostics;
using System.Globalization;
using System.Text;
using NativeNet.Cli.Console;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Plotting;
using NativeNet.Playground;
using Spectre.Console;

namespace NativeNet.Cli.Playground;

/// <summary>
/// Runs <c>nativenet playground</c>: each optimizer at each learning rate from the same start, then the CSV, the plots,
/// the table and the JSON.
/// </summary>
internal static class PlaygroundRunner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One optimizer at one learning rate; <paramref name="Label"/> names it in plots and the table.</summary>
    private sealed record RunOutcome(string Label, string Optimizer, double LearningRate, PlaygroundResult Result, double Seconds);

    public static int Run(CliContext context, PlaygroundSettings settings)
    {
        var objective = ObjectiveCatalog.Registry.Get(settings.Objective).Build(settings.Arguments);
        double[] start = settings.Start ?? [.. objective.DefaultStart];
        if (start.Length != objective.Dimension)
            throw new UsageException($"--start needs {objective.Dimension} coordinates for the {objective.Name} objective (got {start.Length})");

        var results = new List<RunOutcome>();
        foreach (var name in settings.Optimizers)
            foreach (double lr in settings.LearningRates)
            {
                var run = new PlaygroundRun(objective, p => OptimizerCatalog.Create(name, p, lr, settings.Momentum, settings.WeightDecay,
                    beta2: settings.Beta2, epsilonInsideSqrt: settings.EpsilonInsideSqrt))
                {
                    Tolerance = settings.Tolerance,
                    LearningRateDecay = settings.InverseTimeDecay,
                    Seed = settings.Seed,
                    RecordEvery = RecordEvery(settings.Steps),
                };
                var watch = Stopwatch.StartNew();
                var result = run.Run(start, settings.Steps);
                watch.Stop();
                string label = settings.LearningRates.Length > 1 ? $"{name}, lr={lr.ToString("G3", Invariant)}" : name;
                results.Add(new RunOutcome(label, name, lr, result, watch.Elapsed.TotalSeconds));
            }

        Directory.CreateDirectory(settings.OutDirectory);
        var files = new List<string> { WriteCsv(Path.Combine(settings.OutDirectory, "trajectory.csv"), objective, results) };
        if (settings.Plots)
            files.AddRange(WritePlots(settings, objective, start, results));

        WriteTable(context, objective, settings, results);
        foreach (var (name, _, _, result, _) in results)
            if (result.Diverged) context.Out.WriteLine($"{name} diverged at step {result.DivergedAtStep}: {result.Divergence}.");
        context.Out.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(settings.OutDirectory)}");
        if (settings.Json) context.Out.WriteLine(Json(objective, settings, start, results, files));
        return Program.Success;
    }

    /// <summary>Runs of up to <see cref="MaxRecords"/> steps record every step; longer ones every k-th, so the CSV stays bounded.</summary>
    public const int MaxRecords = 200_000;

    public static int RecordEvery(int steps) => Math.Max(1, (steps + MaxRecords - 1) / MaxRecords);

    private static string WriteCsv(string path, IObjective objective, List<RunOutcome> results)
    {
        var text = new StringBuilder();
        text.Append("optimizer,lr,step");
        for (int j = 0; j < objective.Dimension; j++) text.Append(",x").Append(j);
        text.Append(",value,error\n");
        foreach (var (_, name, lr, result, _) in results)
        {
            for (int r = 0; r < result.RecordCount; r++)
            {
                text.Append(name).Append(',').Append(lr.ToString("R", Invariant)).Append(',').Append(result.Steps[r].ToString(Invariant));
                for (int j = 0; j < result.Dimension; j++) text.Append(',').Append(result.Points[r * result.Dimension + j].ToString("R", Invariant));
                text.Append(',').Append(result.Values[r].ToString("R", Invariant)).Append(',').Append(result.Errors[r].ToString("R", Invariant)).Append('\n');
            }
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static IEnumerable<string> WritePlots(PlaygroundSettings settings, IObjective objective, double[] start,
        List<RunOutcome> results)
    {
        string label = settings.LearningRates.Length == 1 ? $"{objective.Name}, lr={settings.LearningRates[0].ToString("G3", Invariant)}" : objective.Name;
        var files = new List<string>();
        if (objective.Dimension == 2)
        {
            var region = objective.Region.Including(start[0], start[1]);
            // Trajectories may wander; widen the view to hold them, but never beyond three times the natural region.
            var limit = objective.Region.Padded(1.0);
            var trajectories = new List<Trajectory2D>();
            foreach (var (name, _, _, result, _) in results)
            {
                var xs = new double[result.RecordCount];
                var ys = new double[result.RecordCount];
                for (int r = 0; r < result.RecordCount; r++)
                {
                    xs[r] = result.Points[2 * r];
                    ys[r] = result.Points[2 * r + 1];
                    if (xs[r] >= limit.XMin && xs[r] <= limit.XMax && ys[r] >= limit.YMin && ys[r] <= limit.YMax) region = region.Including(xs[r], ys[r]);
                }
                trajectories.Add(new Trajectory2D(result.Diverged ? $"{name} (diverged at step {result.DivergedAtStep})" : name, xs, ys));
            }
            files.AddRange(Plots.Contour(Path.Combine(settings.OutDirectory, "contour"), $"{objective.Formula}: {settings.Steps} steps", objective, region.Padded(0.03), trajectories));
        }
        var steps = results.Select(r => r.Result.Steps.Select(s => (double)s).ToArray()).ToList();
        var gaps = results.Select(r => (IReadOnlyList<double>)r.Result.Values.Select(v => v - objective.MinimumValue).ToArray()).ToList();
        var errors = results.Select(r => (IReadOnlyList<double>)r.Result.Errors).ToList();
        double errorFloor = LogScaleFloor.Of(errors), gapFloor = LogScaleFloor.Of(gaps);
        var logErrors = errors.Select(e => LogScaleFloor.Log10Clipped(e, errorFloor)).ToList();
        var logGaps = gaps.Select(g => LogScaleFloor.Log10Clipped(g, gapFloor)).ToList();
        string clipped = $"floor {LogScaleFloor.Relative.ToString("0e0", Invariant)} × start";
        files.AddRange(Plots.Lines(Path.Combine(settings.OutDirectory, "error"), $"Distance to the minimizer against step ({label})", "step",
            $"log10 distance to nearest minimizer ({clipped})", Series(results, steps, logErrors)));
        files.AddRange(Plots.Lines(Path.Combine(settings.OutDirectory, "value"), $"Objective value against step ({label})", "step",
            $"log10 (f − f*), f* = {objective.MinimumValue.ToString("G4", Invariant)} ({clipped})", Series(results, steps, logGaps)));
        files.Add(WriteLogCurves(Path.Combine(settings.OutDirectory, "log-curves.csv"), results, logErrors, logGaps));
        return files;
    }

    private static List<PlotSeries> Series(List<RunOutcome> results, List<double[]> steps, List<double[]> logs) =>
        [.. results.Select((r, i) => new PlotSeries(r.Result.Diverged ? $"{r.Label} (diverged at step {r.Result.DivergedAtStep})" : r.Label, steps[i], logs[i]))];

    /// <summary>The log10 curves exactly as plotted, floor applied, so the pictures can be checked or redrawn.</summary>
    private static string WriteLogCurves(string path, List<RunOutcome> results, List<double[]> logErrors, List<double[]> logGaps)
    {
        var text = new StringBuilder("optimizer,lr,step,log10_error,log10_value_gap\n");
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            for (int k = 0; k < r.Result.RecordCount; k++)
                text.Append(r.Optimizer).Append(',').Append(r.LearningRate.ToString("R", Invariant)).Append(',').Append(r.Result.Steps[k].ToString(Invariant))
                    .Append(',').Append(logErrors[i][k].ToString("R", Invariant)).Append(',').Append(logGaps[i][k].ToString("R", Invariant)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static void WriteTable(CliContext context, IObjective objective, PlaygroundSettings settings,
        List<RunOutcome> results)
    {
        var table = new Table().Title($"{Markup.Escape(objective.Name)}: {Markup.Escape(objective.Formula)}");
        foreach (var header in new[] { "optimizer", "lr", "steps", "final point", "final value", "error", $"steps to {settings.Tolerance.ToString("G3", Invariant)}", "status", "ms" })
            table.AddColumn(header);
        foreach (var (_, name, lr, result, seconds) in results)
        {
            table.AddRow(
                name,
                lr.ToString("G3", Invariant),
                result.StepsTaken.ToString(Invariant),
                Markup.Escape(FormatPoint(result.FinalPoint)),
                result.FinalValue.ToString("G6", Invariant),
                result.FinalError.ToString("G4", Invariant),
                result.StepsToTolerance?.ToString(Invariant) ?? "not reached",
                result.Diverged ? $"diverged at step {result.DivergedAtStep}" : "finite",
                (seconds * 1e3).ToString("F2", Invariant));
        }
        context.Ansi.Write(table);
    }

    private static string FormatPoint(double[] point) => "(" + string.Join(", ", point.Select(v => v.ToString("G6", Invariant))) + ")";

    private static string Json(IObjective objective, PlaygroundSettings settings, double[] start,
        List<RunOutcome> results, List<string> files)
    {
        var runs = results.Select(r => new Dictionary<string, object?>
        {
            ["optimizer"] = r.Optimizer,
            ["lr"] = r.LearningRate,
            ["steps_taken"] = r.Result.StepsTaken,
            ["final_point"] = r.Result.FinalPoint,
            ["final_value"] = r.Result.FinalValue,
            ["error"] = r.Result.FinalError,
            ["steps_to_tolerance"] = r.Result.StepsToTolerance,
            ["diverged_at_step"] = r.Result.DivergedAtStep,
            ["divergence"] = r.Result.Divergence,
            ["seconds"] = r.Seconds,
        }).ToList();
        var document = new Dictionary<string, object?>
        {
            ["objective"] = objective.Name,
            ["start"] = start,
            ["steps"] = settings.Steps,
            ["lr"] = settings.LearningRates,
            ["beta2"] = settings.Beta2,
            ["eps_inside_sqrt"] = settings.EpsilonInsideSqrt,
            ["inverse_time_decay"] = settings.InverseTimeDecay,
            ["data"] = objective.Name == "mean" ? settings.Arguments.Data : null,
            ["tolerance"] = settings.Tolerance,
            ["runs"] = runs,
            ["files"] = files.Select(Path.GetFileName).ToArray(),
        };
        return FieldsJson.Serialize(document);
    }
}
