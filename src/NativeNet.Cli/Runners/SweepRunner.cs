using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.Plotting;
using NativeNet.Cli.Sweeps;
using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Mpi;
using Spectre.Console;

namespace NativeNet.Cli.Runners;

/// <summary>
/// Runs <c>nativenet sweep</c>: rank r of P trains the grid's runs r, r + P, r + 2P, … one after another, each a
/// whole plain <c>train</c> run into its own folder; rank 0 gathers every run's result and writes the summary.
/// </summary>
/// <remarks>
/// Each run is seeded by its own settings and trains in one process, so its numbers, and the summary files, are the
/// same for any number of ranks. Timings and the rank that ran each run appear on the console only.
/// </remarks>
internal static class SweepRunner
{
    /// <summary>The results of train's JSON line that the summary keeps, in its column order.</summary>
    private static readonly string[] ResultFields = ["val_accuracy", "best_val_accuracy", "best_epoch", "test_accuracy", "final_loss", "epochs", "stop_reason"];

    // Ranks wait at the gather for each other's whole runs, which may take hours; a rank that dies or fails ends the
    // others sooner (mpiexec, or the abort on error).
    private static readonly TimeSpan GatherTimeout = TimeSpan.FromDays(1);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(CliContext context, SweepSettings settings)
        => EveryRank.Run(context, world => Sweep(context, settings, world));

    private static int Sweep(CliContext context, SweepSettings settings, ICommunicator world)
    {
        RequireFreshRuns(settings);
        bool writes = world.Rank == 0;
        using var folderLock = writes ? OutputFolderLock.Acquire(settings.OutDirectory) : null;
        var output = writes ? context.Out : TextWriter.Null;
        string varied = settings.Varied.Count == 0 ? "one configuration" : string.Join(" × ", settings.Varied.Select(a => a.Name));
        output.WriteLine($"sweep: {settings.Points.Count} run{(settings.Points.Count == 1 ? "" : "s")} ({varied}) on {world.Size} rank{(world.Size == 1 ? "" : "s")}");

        var mine = new List<Dictionary<string, object?>>();
        foreach (var point in settings.Points.Where(p => p.Index % world.Size == world.Rank))
        {
            if (context.Cancellation.IsCancellationRequested) break;
            var (record, seconds) = Train(context, settings, point);
            output.WriteLine(string.Create(Invariant, $"{point.Folder} ({point.Index + 1}/{settings.Points.Count}, rank {world.Rank}): {Label(settings, point)}: {Outcome(record)}, {seconds:F1} s"));
            mine.Add(new Dictionary<string, object?> { ["record"] = record, ["seconds"] = seconds, ["rank"] = world.Rank });
        }

        world.Timeout = GatherTimeout;
        var messages = VariableLengthGather.AllGather(world, Encoding.UTF8.GetBytes(FieldsJson.Serialize(mine)));
        if (!writes) return context.Cancellation.IsCancellationRequested ? Program.Cancelled : Program.Success;

        var results = messages.SelectMany(Results).OrderBy(r => r.GetProperty("record").GetProperty("index").GetInt32()).ToList();
        var records = results.Select(r => r.GetProperty("record")).ToList();
        var files = new List<string> { WriteCsv(settings.OutDirectory, records), WriteJson(settings.OutDirectory, records) };
        if (settings.Plots && records.Count > 0)
            files.AddRange(Plot(settings, records));
        WriteTable(context, settings, results);
        output.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} and {records.Count} run folder{(records.Count == 1 ? "" : "s")} to {Path.GetFullPath(settings.OutDirectory)}");
        if (settings.Json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteNumber("ranks", world.Size);
                writer.WriteString("out", Path.GetFullPath(settings.OutDirectory));
                writer.WritePropertyName("runs");
                writer.WriteStartArray();
                foreach (var record in records) record.WriteTo(writer);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }
        if (results.Count < settings.Points.Count)
        {
            context.Error.WriteLine($"cancelled: {results.Count} of {settings.Points.Count} runs completed; the summary holds those");
            return Program.Cancelled;
        }
        return Program.Success;
    }

    // Every rank checks every run, so that all of them stop with the same error before training anything.
    private static void RequireFreshRuns(SweepSettings settings)
    {
        var taken = settings.Points.FirstOrDefault(p => !p.Settings.Overwrite && File.Exists(Path.Combine(settings.OutDirectory, p.Folder, TrainRunner.CheckpointFile)));
        if (taken is not null)
            throw new UsageException($"--out {settings.OutDirectory} already holds {Path.Combine(taken.Folder, TrainRunner.CheckpointFile)}; pass --overwrite to replace the sweep's runs or choose another --out");
    }

    // One whole train run, silent, into the run's folder: its --json line is the result.
    private static (Dictionary<string, object?> Record, double Seconds) Train(CliContext context, SweepSettings settings, SweepPoint point)
    {
        string folder = Path.Combine(settings.OutDirectory, point.Folder);
        var printed = new StringWriter();
        var errors = new StringWriter();
        var run = new CliContext(printed, errors, interactive: false, context.Cancellation);
        var watch = Stopwatch.StartNew();
        int code = TrainRunner.Run(run, point.Settings with { OutDirectory = folder, Json = true, Distributed = "none", Shards = null, Resume = null });
        double seconds = watch.Elapsed.TotalSeconds;
        string? line = printed.ToString().Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
            throw new InvalidOperationException($"{point.Folder} ended with exit code {code} and no result: {errors.ToString().Trim()}");

        var record = new Dictionary<string, object?> { ["index"] = point.Index, ["run"] = point.Folder };
        foreach (var (field, value) in point.Values) record[field] = value;
        using (var result = JsonDocument.Parse(line))
            foreach (string field in ResultFields)
                record[field] = Scalar(result.RootElement.GetProperty(field));
        // The accuracy per epoch, for the plot: validation's, or training's when the run holds out none.
        using (var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "history.json"))))
        {
            string series = point.Settings.Validation == 0 ? "train_acc_history" : "val_acc_history";
            record["accuracy_series"] = series;
            record["epoch_history"] = history.RootElement.GetProperty("epoch_history").EnumerateArray().Select(v => v.GetDouble()).ToList();
            record["accuracy_history"] = history.RootElement.GetProperty(series).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? (object?)v.GetDouble() : null).ToList();
        }
        return (record, seconds);
    }

    private static JsonElement[] Results(byte[] message)
    {
        using var document = JsonDocument.Parse(message);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static object? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };

    private static string Label(SweepSettings settings, SweepPoint point) =>
        settings.Varied.Count == 0 ? point.Folder : string.Join(", ", settings.Varied.Select(a => $"{a.Name} {Text(axisValue: a.Value(point.Settings))}"));

    private static string Label(SweepSettings settings, JsonElement record) =>
        settings.Varied.Count == 0 ? record.GetProperty("run").GetString()! : string.Join(", ", settings.Varied.Select(a => $"{a.Name} {Text(record.GetProperty(a.Field))}"));

    private static string Text(object axisValue) => Convert.ToString(axisValue, Invariant)!;

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static string Outcome(Dictionary<string, object?> record) =>
        (record["val_accuracy"] is double v ? "validation " + v.ToString("P2", Invariant) + ", " : "") + "test " + ((double)record["test_accuracy"]!).ToString("P2", Invariant)
        + (record["stop_reason"] is "completed" ? "" : $" ({record["stop_reason"]})");

    private static string[] Columns => ["run", .. SweepAxisCatalog.Registry.All.Select(a => a.Field), .. ResultFields];

    private static string WriteCsv(string directory, IReadOnlyList<JsonElement> records)
    {
        var text = new StringBuilder(string.Join(',', Columns)).Append('\n');
        foreach (var record in records)
            text.Append(string.Join(',', Columns.Select(c => Text(record.GetProperty(c))))).Append('\n');
        string path = Path.Combine(directory, "summary.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string WriteJson(string directory, IReadOnlyList<JsonElement> records)
    {
        string path = Path.Combine(directory, "summary.json");
        using (var stream = File.Create(path))
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WritePropertyName("runs");
            writer.WriteStartArray();
            foreach (var record in records) record.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return path;
    }

    private static string[] Plot(SweepSettings settings, IReadOnlyList<JsonElement> records)
    {
        var series = records.Select(record =>
        {
            var accuracy = record.GetProperty("accuracy_history").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
            var epochs = record.GetProperty("epoch_history").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            return PlotSeries.Percent(Label(settings, record), epochs, accuracy);
        }).ToList();
        string which = records[0].GetProperty("accuracy_series").GetString() == "val_acc_history" ? "validation" : "training";
        return Plots.Lines(Path.Combine(settings.OutDirectory, "summary"), $"sweep: {which} accuracy per epoch", "epoch", PlotSeries.AccuracyPercentLabel, series, integerX: true);
    }

    private static void WriteTable(CliContext context, SweepSettings settings, IReadOnlyList<JsonElement> results)
    {
        var table = new Table().Title("sweep");
        table.AddColumn("run");
        foreach (var axis in settings.Varied) table.AddColumn(axis.Name);
        foreach (string column in (string[])["validation", "best validation", "test", "final loss", "stopped", "seconds", "rank"]) table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var result in results)
        {
            var record = result.GetProperty("record");
            string Percent(string field) => record.GetProperty(field).ValueKind == JsonValueKind.Number ? record.GetProperty(field).GetDouble().ToString("P2", Invariant) : "-";
            string best = record.GetProperty("best_epoch").ValueKind == JsonValueKind.Number ? $"{Percent("best_val_accuracy")} (epoch {Text(record.GetProperty("best_epoch"))})" : "-";
            string loss = record.GetProperty("final_loss").ValueKind == JsonValueKind.Number ? record.GetProperty("final_loss").GetDouble().ToString("F4", Invariant) : "-";
            table.AddRow([
                record.GetProperty("run").GetString()!, .. settings.Varied.Select(a => Markup.Escape(Text(record.GetProperty(a.Field)))),
                Percent("val_accuracy"), best, Percent("test_accuracy"), loss, record.GetProperty("stop_reason").GetString()!,
                result.GetProperty("seconds").GetDouble().ToString("F1", Invariant), Text(result.GetProperty("rank")),
            ]);
        }
        context.Ansi.Write(table);
    }
}
