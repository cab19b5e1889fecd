using System.Globalization;
using System.Text;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Plotting;
using Spectre.Console;

namespace NativeNet.Cli.Experiments;

/// <summary>
/// Runs <c>nativenet experiment NAME</c>: the training runs of the study (once per seed, unless the study runs its
/// seeds itself), their plots (PNG and SVG; over several seeds the mean with a min/max band), a summary table on
/// stdout and <c>summary.csv</c>/<c>summary.json</c> in --out (over several seeds one row per configuration with mean
/// and std, and the per-seed runs in <c>runs.csv</c>). The summary holds no timings, so the same seed writes the same summary.json.
/// </summary>
internal static class ExperimentRunner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly string[] Columns = ["run", "final loss", "train acc", "val acc", "test acc", "stopped"];

    public static int Run(CliContext context, ExperimentSettings settings)
    {
        var kind = ExperimentCatalog.Registry.Get(settings.Name);
        var data = TrainingData.Load(settings.Data);
        Directory.CreateDirectory(settings.OutDirectory);
        int passes = kind.RunsSeedsItself ? 1 : settings.Seeds;
        var studies = new List<Study>();
        var extras = new List<(string[] Columns, List<object?[]> Rows)>();
        for (int s = 0; s < passes; s++)
        {
            var study = new Study(context, data, settings with { Seed = settings.Seed + (ulong)s });
            extras.Add(kind.Run(study));
            studies.Add(study);
        }
        var first = studies[0];
        var files = studies.SelectMany(s => s.Files).Concat(DrawPlots(settings.OutDirectory, studies)).ToList();

        // One row per run for one seed; one per configuration, with its statistics, for a study over seeds. The table
        // shows a number over seeds as "mean ± std" in one column, the CSV and JSON as two.
        string[] columns, displayColumns;
        List<object?[]> rows;
        List<string[]>? cells = null;
        string[]? runColumns = null;
        List<object?[]>? runRows = null;
        if (first.ConfigurationColumns is not null)
        {
            (columns, rows) = (first.ConfigurationColumns, extras[0].Rows);
            displayColumns = columns;
            runColumns = [.. Columns, .. first.RunColumns];
            runRows = first.Runs.Select((r, i) => RunValues(r).Concat(first.RunValues[i]).ToArray()).ToList();
        }
        else
        {
            string[] perRunColumns = [.. Columns, .. extras[0].Columns];
            var perSeed = studies.Select((study, p) => study.Runs.Select((r, i) => RunValues(r).Concat(extras[p].Rows[i]).ToArray()).ToList()).ToList();
            (columns, rows, displayColumns) = (perRunColumns, perSeed[0], perRunColumns);
            if (passes > 1)
            {
                (columns, rows, cells) = AcrossSeeds(perRunColumns, perSeed);
                runColumns = [.. perRunColumns, "seed"];
                runRows = perSeed.SelectMany((seedRows, p) => seedRows.Select(row => row.Append(settings.Seed + (ulong)p).ToArray())).ToList();
            }
        }
        cells ??= rows.Select(row => row.Select(Format).ToArray()).ToList();

        string seeds = settings.Seeds == 1 ? $"seed {settings.Seed}" : $"seeds {settings.Seed}–{settings.Seed + (ulong)settings.Seeds - 1}";
        var table = new Table().Title(Markup.Escape($"experiment {settings.Name} ({settings.Data}, {settings.Epochs} epochs, {seeds})"));
        foreach (var column in displayColumns) table.AddColumn(Markup.Escape(column));
        foreach (var row in cells) table.AddRow(row.Select(Markup.Escape).ToArray());
        context.Ansi.Write(table);

        string csv = Path.Combine(settings.OutDirectory, "summary.csv");
        string json = Path.Combine(settings.OutDirectory, "summary.json");
        WriteCsv(csv, columns, rows);
        var fields = new Dictionary<string, object?>
        {
            ["experiment"] = settings.Name,
            ["data"] = settings.Data.ToString(),
            ["epochs"] = settings.Epochs,
            ["seed"] = settings.Seed,
            ["seeds"] = settings.Seeds,
            // The options that replaced the study's own choices; null where the study's own were used.
            ["hidden"] = settings.Hidden,
            ["norm"] = settings.Norm,
            ["optimizer"] = settings.Optimizer,
            ["lr"] = settings.LearningRate,
            ["batch_size"] = settings.BatchSize,
        };
        var summaryFields = AcrossSeeds(studies.Select(s => s.SummaryFields).ToList());
        foreach (var (key, value) in summaryFields) fields[key] = value;
        fields["rows"] = rows.Select(row => columns.Select((c, i) => (Key(c), row[i])).ToDictionary(p => p.Item1, p => p.Item2)).ToArray();
        if (runColumns is not null && runRows is not null)
        {
            // The per-seed runs behind the configuration rows, so that their statistics can be checked.
            fields["runs"] = runRows.Select(row => runColumns.Select((c, i) => (Key(c), row[i])).ToDictionary(p => p.Item1, p => p.Item2)).ToArray();
            files.Add(WriteCsv(Path.Combine(settings.OutDirectory, "runs.csv"), runColumns, runRows));
        }
        string summary = FieldsJson.Serialize(fields);
        foreach (var (key, value) in summaryFields) context.Out.WriteLine($"{key}: {Format(value)}");
        File.WriteAllText(json, summary + "\n");
        files.Add(csv);
        files.Add(json);
        context.Out.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(settings.OutDirectory)}");
        if (settings.Json) context.Out.WriteLine(summary);
        return Program.Success;
    }

    // Each chart as the study asked for it over one seed; over several, each line's mean over the seeds with a
    // min/max band (a smoothed line's band is that of the smoothed runs, since raw minibatch losses would fill the chart).
    private static List<string> DrawPlots(string outDirectory, List<Study> studies)
    {
        var files = new List<string>();
        for (int i = 0; i < studies[0].LinePlots.Count; i++)
        {
            var plot = studies[0].LinePlots[i];
            string path = Path.Combine(outDirectory, plot.Name);
            if (studies.Count == 1)
            {
                files.AddRange(Plots.Lines(path, plot.Title, plot.XLabel, plot.YLabel, plot.Series, plot.SmoothingWindow, plot.IntegerX));
                continue;
            }
            var bands = plot.Series.Select((series, j) => PlotBand.Spread(Smoothed(series, plot.SmoothingWindow).Name,
                studies.Select(s => Smoothed(s.LinePlots[i].Series[j], plot.SmoothingWindow)).ToList())).ToList();
            files.AddRange(Plots.Bands(path, $"{plot.Title}, {studies.Count} seeds (mean, min–max)", plot.XLabel, plot.YLabel, bands, plot.IntegerX));
        }
        return files;
    }

    private static PlotSeries Smoothed(PlotSeries series, int window) => window > 1 && series.Y.Count > window
        ? new PlotSeries($"{series.Name} (moving average of {window})", series.X, Plots.MovingAverage([.. series.Y], window))
        : series;

    /// <summary>
    /// The rows of several seeds as one row per configuration (the i-th row of every seed): a column of numbers
    /// becomes its mean with a "std" column beside it (the table shows "mean ± std", or the value when every seed
    /// has the same); any other column keeps its value when the seeds agree and lists the distinct ones otherwise.
    /// </summary>
    private static (string[] Columns, List<object?[]> Rows, List<string[]> Cells) AcrossSeeds(string[] columns, List<List<object?[]>> perSeed)
    {
        bool[] numeric = [.. columns.Select((_, c) => perSeed.All(rows => rows.All(r => r[c] is double or null)) && perSeed.Any(rows => rows.Any(r => r[c] is double)))];
        string[] outColumns = [.. columns.SelectMany((c, i) => numeric[i] ? new[] { c, c + " std" } : [c])];
        var rows = new List<object?[]>();
        var cells = new List<string[]>();
        for (int r = 0; r < perSeed[0].Count; r++)
        {
            var row = new List<object?>();
            var cell = new List<string>();
            for (int c = 0; c < columns.Length; c++)
            {
                var values = perSeed.Select(rows => rows[r][c]).ToList();
                if (numeric[c])
                {
                    double[] finite = [.. values.OfType<double>()];
                    double? mean = finite.Length > 0 ? finite.Average() : null;
                    double? std = finite.Length > 0 ? SeedStatistics.StandardDeviation(finite) : null;
                    row.Add(mean);
                    row.Add(std);
                    cell.Add(finite.Length == values.Count && finite.Distinct().Count() == 1 ? Format(finite[0]) : $"{Format(mean)} ± {Format(std)}");
                }
                else
                {
                    var distinct = values.Select(Format).Distinct().ToArray();
                    row.Add(distinct.Length == 1 ? values[0] : string.Join("/", distinct));
                    cell.Add(string.Join("/", distinct));
                }
            }
            rows.Add([.. row]);
            cells.Add([.. cell]);
        }
        return (outColumns, rows, cells);
    }

    /// <summary>
    /// The study-wide results of several seeds: a value every seed agrees on as it is; otherwise the mean of numbers
    /// (null for anything else) with every seed's value in <c>KEY_per_seed</c>.
    /// </summary>
    private static Dictionary<string, object?> AcrossSeeds(List<Dictionary<string, object?>> perSeed)
    {
        var merged = new Dictionary<string, object?>();
        foreach (var key in perSeed[0].Keys)
        {
            var values = perSeed.Select(fields => fields[key]).ToList();
            string firstJson = FieldsJson.Serialize(values[0]);
            if (values.All(v => FieldsJson.Serialize(v) == firstJson))
            {
                merged[key] = values[0];
                continue;
            }
            merged[key] = values.All(v => v is double or int) ? values.Average(Convert.ToDouble) : null;
            merged[key + "_per_seed"] = values.ToArray();
        }
        return merged;
    }

    private static object?[] RunValues(ExperimentRun r) =>
    [
        r.Name, Study.Finite(r.History.Loss.Count > 0 ? r.History.Loss[^1] : double.NaN), Study.Finite(r.History.TrainAccuracy.Count > 0 ? r.History.TrainAccuracy[^1] : double.NaN),
        Study.Finite(r.ValidationAccuracy), Study.Finite(r.TestAccuracy), r.Result.Reason.ToString().ToLowerInvariant(),
    ];

    private static string WriteCsv(string path, string[] columns, List<object?[]> rows)
    {
        var text = new StringBuilder().Append(string.Join(',', columns.Select(Key))).Append('\n');
        foreach (var row in rows) text.Append(string.Join(',', row.Select(v => CsvValue(v)))).Append('\n');
        File.WriteAllText(path, text.ToString());
        return path;
    }

    // "grad norm (epoch 1)" → "grad_norm_epoch_1": a column title as a CSV/JSON key.
    private static string Key(string column) =>
        string.Join('_', column.ToLowerInvariant().Split(column.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries));

    private static string Format(object? value) => value switch
    {
        null => "-",
        double d => Math.Abs(d) >= 1e-3 && Math.Abs(d) < 1e4 || d == 0 ? d.ToString("0.####", Invariant) : d.ToString("0.###e+0", Invariant),
        IFormattable f => f.ToString(null, Invariant),
        string s => s,
        bool b => b ? "yes" : "no",
        System.Collections.IEnumerable list => string.Join("; ", list.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };

    private static string CsvValue(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", Invariant),
        string s => s.Contains(',', StringComparison.Ordinal) ? $"\"{s}\"" : s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };
}
