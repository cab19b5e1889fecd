using System.Globalization;
using System.Text;
using System.Text.Json;
using NativeNet.IO;

namespace NativeNet.Cli.Predictions;

/// <summary>
/// One file format <c>predict --output</c> writes, chosen by the file's extension. <see cref="All"/> is the one list
/// that the option's help and its errors are built from.
/// </summary>
/// <param name="Extension">The extension, without the dot.</param>
/// <param name="Description">What the file holds, for the help text.</param>
/// <param name="Write">Writes the predictions to a stream.</param>
internal sealed record PredictionFormat(string Extension, string Description, Action<Stream, PredictionSet> Write)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Every format, in the order the help text lists them.</summary>
    public static IReadOnlyList<PredictionFormat> All { get; } =
    [
        new("csv", "a header, then one row per sample: the class, and with --probabilities one column per class; for a regression one column per target", WriteCsv),
        new("npy", "the classes as int64, or with --probabilities an N×classes float64 array; for a regression an N×targets float64 array", WriteNpy),
        new("json", "{\"classes\": [...], \"class_names\": [...]} and with --probabilities \"probabilities\": [[...], ...]; for a regression {\"target_names\": [...], \"values\": [[...], ...]}", WriteJson),
    ];

    /// <summary>The formats for the help text: "csv | npy | json".</summary>
    public static string HelpText { get; } = string.Join(" | ", All.Select(f => f.Extension));

    /// <summary>The format of <paramref name="path"/>'s extension.</summary>
    /// <exception cref="UsageException">The extension is none of <see cref="All"/>.</exception>
    public static PredictionFormat ForPath(string path)
    {
        string extension = Path.GetExtension(path).TrimStart('.');
        return All.FirstOrDefault(f => string.Equals(f.Extension, extension, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"--output {path}: the extension must be one of {HelpText}");
    }

    private static void WriteCsv(Stream stream, PredictionSet p)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        var line = new StringBuilder();
        if (p.Classes is not null) line.Append("class");
        if (p.Values is not null)
            foreach (string name in p.Columns) line.Append(line.Length == 0 ? "" : ",").Append(Quote(name));
        writer.WriteLine(line);
        for (int i = 0; i < p.Samples; i++)
        {
            line.Clear();
            if (p.Classes is { } classes) line.Append(classes[i].ToString(Invariant));
            if (p.Values is { } values)
                for (int c = 0; c < p.Columns.Count; c++)
                    line.Append(line.Length == 0 ? "" : ",").Append(values[i * p.Columns.Count + c].ToString("R", Invariant));
            writer.WriteLine(line);
        }
    }

    private static void WriteNpy(Stream stream, PredictionSet p)
    {
        if (p.Values is { } values) Npy.Write(stream, values, [p.Samples, p.Columns.Count]);
        else Npy.Write(stream, p.Classes!.Select(c => (long)c).ToArray(), [p.Samples]);
    }

    private static void WriteJson(Stream stream, PredictionSet p)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        if (p.Classes is { } classes)
        {
            json.WriteStartArray("classes");
            foreach (int c in classes) json.WriteNumberValue(c);
            json.WriteEndArray();
        }
        json.WriteStartArray(p.Classes is null ? "target_names" : "class_names");
        foreach (string name in p.Columns) json.WriteStringValue(name);
        json.WriteEndArray();
        if (p.Values is { } values)
        {
            json.WriteStartArray(p.Classes is null ? "values" : "probabilities");
            for (int i = 0; i < p.Samples; i++)
            {
                json.WriteStartArray();
                for (int c = 0; c < p.Columns.Count; c++) json.WriteNumberValue(values[i * p.Columns.Count + c]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
