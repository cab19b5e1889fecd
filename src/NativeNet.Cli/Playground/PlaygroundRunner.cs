using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NativeNet.Cli.Console;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Plotting;
using NativeNet.Playground;
using Spectre.Console;

namespace NativeNet.Cli.Playground;

/// <summary>Runs <c>nativenet playground</c>: each optimizer from the same start, then the CSV, the plots, the table and the JSON.</summary>
internal static class PlaygroundRunner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(CliContext context, PlaygroundSettings settings)
    {
        var objective = ObjectiveCatalog.Create(settings.Objective, settings.SingularValues, settings.Samples, settings.Dimension, settings.Seed);
        double[] start = settings.Start ?? [.. objective.DefaultStart];
        if (start.Length != objective.Dimension)
            throw new UsageException($"--start needs {objective.Dimension} coordinates for the {objective.Name} objective (got {start.Length})");

        var results = new List<(string Optimizer, PlaygroundResult Result, double Seconds)>();
        foreach (var name in settings.Optimizers)
        {
            var run = new PlaygroundRun(objective, p => OptimizerCatalog.Create(name, p, settings.LearningRate, settings.Momentum, settings.WeightDecay))
            {
                Tolerance = settings.Tolerance,
                LearningRateDecay = settings.LearningRateDecay,
                Seed = settings.Seed,
                RecordEvery = RecordEvery(settings.Steps),
            };
            var watch = Stopwatch.StartNew();
            var result = run.Run(start, settings.Steps);
            watch.Stop();
            results.Add((name, result, watch.Elapsed.TotalSeconds));
        }

        Directory.CreateDirectory(settings.OutDirectory);
        var files = new List<string> { WriteCsv(Path.Combine(settings.OutDirectory, "trajectory.csv"), objective, results) };
        if (settings.Plots)
        {
            if (!Plots.HasFonts) context.Error.WriteLine(Plots.NoFontsWarning);
            files.AddRange(WritePlots(settings, objective, start, results));
        }

        WriteTable(context, objective, settings, results);
        foreach (var (name, result, _) in results)
            if (result.Diverged) context.Out.WriteLine($"{name} diverged at step {result.DivergedAtStep}: {result.Divergence}.");
        context.Out.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(settings.OutDirectory)}");
        if (settings.Json) context.Out.WriteLine(Json(objective, settings, start, results, files));
        return Program.Success;
    }

    /// <summary>Runs of up to <see cref="MaxRecords"/> steps record every step; longer ones every k-th, so the CSV stays bounded.</summary>
    public const int MaxRecords = 200_000;

    public static int RecordEvery(int steps) => Math.Max(1, (steps + MaxRecords - 1) / MaxRecords);

    private static string WriteCsv(string path, IObjective objective, List<(string Optimizer, PlaygroundResult Result, double Seconds)> results)
    {
        var text = new StringBuilder();
        text.Append("optimizer,step");
        for (int j = 0; j < objective.Dimension; j++) text.Append(",x").Append(j);
        text.Append(",value,error\n");
        foreach (var (name, result, _) in results)
        {
            for (int r = 0; r < result.RecordCount; r++)
            {
                text.Append(name).Append(',').Append(result.Steps[r].ToString(Invariant));
                for (int j = 0; j < result.Dimension; j++) text.Append(',').Append(result.Points[r * result.Dimension + j].ToString("R", Invariant));
                text.Append(',').Append(result.Values[r].ToString("R", Invariant)).Append(',').Append(result.Errors[r].ToString("R", Invariant)).Append('\n');
            }
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static IEnumerable<string> WritePlots(PlaygroundSettings settings, IObjective objective, double[] start,
        List<(string Optimizer, PlaygroundResult Result, double Seconds)> results)
    {
        string label = $"{objective.Name}, lr={settings.LearningRate.ToString("G3", Invariant)}";
        var files = new List<string>();
        if (objective.Dimension == 2)
        {
            var region = objective.Region.Including(start[0], start[1]);
            // Trajectories may wander; widen the view to hold them, but never beyond three times the natural region.
            var limit = objective.Region.Padded(1.0);
            var trajectories = new List<Trajectory2D>();
            foreach (var (name, result, _) in results)
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
        var errors = results.Select(r => new PlotSeries(r.Result.Diverged ? $"{r.Optimizer} (diverged at step {r.Result.DivergedAtStep})" : r.Optimizer, r.Result.Steps.Select(s => (double)s).ToArray(), r.Result.Errors)).ToList();
        files.AddRange(Plots.Log10Error(Path.Combine(settings.OutDirectory, "error"), $"Error against step ({label})", errors));
        return files;
    }

    private static void WriteTable(CliContext context, IObjective objective, PlaygroundSettings settings,
        List<(string Optimizer, PlaygroundResult Result, double Seconds)> results)
    {
        var table = new Table().Title($"{Markup.Escape(objective.Name)}: {Markup.Escape(objective.Formula)}");
        foreach (var header in new[] { "optimizer", "steps", "final point", "final value", "error", $"steps to {settings.Tolerance.ToString("G3", Invariant)}", "status", "ms" })
            table.AddColumn(header);
        foreach (var (name, result, seconds) in results)
        {
            table.AddRow(
                name,
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
        List<(string Optimizer, PlaygroundResult Result, double Seconds)> results, List<string> files)
    {
        var runs = results.Select(r => new Dictionary<string, object?>
        {
            ["optimizer"] = r.Optimizer,
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
            ["lr"] = settings.LearningRate,
            ["tolerance"] = settings.Tolerance,
            ["runs"] = runs,
            ["files"] = files.Select(Path.GetFileName).ToArray(),
        };
        return JsonSerializer.Serialize(document);
    }
}
