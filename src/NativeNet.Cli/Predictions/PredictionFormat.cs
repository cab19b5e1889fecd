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
        new("csv", "a header, then one row per sample: the class, and with --probabilities one column per class", WriteCsv),
        new("npy", "the classes as int64, or with --probabilities an N×classes float64 array", WriteNpy),
        new("json", "{\"classes\": [...], \"class_names\": [...]} and with --probabilities \"probabilities\": [[...], ...]", WriteJson),
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
        var header = new StringBuilder("class");
        if (p.Probabilities is not null)
            foreach (string name in p.ClassNames) header.Append(',').Append(Quote(name));
        writer.WriteLine(header);
        var line = new StringBuilder();
        for (int i = 0; i < p.Classes.Length; i++)
        {
            line.Clear().Append(p.Classes[i].ToString(Invariant));
            if (p.Probabilities is { } probabilities)
                for (int c = 0; c < p.ClassNames.Count; c++) line.Append(',').Append(probabilities[i * p.ClassNames.Count + c].ToString("R", Invariant));
            writer.WriteLine(line);
        }
    }

    private static void WriteNpy(Stream stream, PredictionSet p)
    {
        if (p.Probabilities is { } probabilities) Npy.Write(stream, probabilities, [p.Classes.Length, p.ClassNames.Count]);
        else Npy.Write(stream, p.Classes.Select(c => (long)c).ToArray(), [p.Classes.Length]);
    }

    private static void WriteJson(Stream stream, PredictionSet p)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartArray("classes");
        foreach (int c in p.Classes) json.WriteNumberValue(c);
        json.WriteEndArray();
        json.WriteStartArray("class_names");
        foreach (string name in p.ClassNames) json.WriteStringValue(name);
        json.WriteEndArray();
        if (p.Probabilities is { } probabilities)
        {
            json.WriteStartArray("probabilities");
            for (int i = 0; i < p.Classes.Length; i++)
            {
                json.WriteStartArray();
                for (int c = 0; c < p.ClassNames.Count; c++) json.WriteNumberValue(probabilities[i * p.ClassNames.Count + c]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
