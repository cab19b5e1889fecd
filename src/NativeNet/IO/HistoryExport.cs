using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NativeNet.IO;

/// <summary>
/// Exports training histories — named series of doubles, possibly of different lengths (loss per iteration,
/// accuracy per epoch) — as CSV, JSON or NPZ. Every file is written atomically.
/// </summary>
/// <remarks>
/// The series may be any ordered collection of name/values pairs: a <c>Dictionary&lt;string, List&lt;double&gt;&gt;</c>,
/// a list of <c>KeyValuePair&lt;string, double[]&gt;</c>, and so on; columns and keys follow its enumeration order.
/// </remarks>
public static class HistoryExport
{
    /// <summary>
    /// Writes one column per series, in the given order, under a header row of names; a shorter series leaves its
    /// cells empty after its last value. Non-finite values are written as <c>nan</c>, <c>inf</c>, <c>-inf</c>
    /// (which numpy, pandas and Python's <c>float()</c> parse).
    /// </summary>
    public static void WriteCsv<TSeries>(string path, IEnumerable<KeyValuePair<string, TSeries>> series)
        where TSeries : IReadOnlyList<double>
    {
        var list = Materialize(series);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            WriteCsv(writer, list);
        });
    }

    /// <summary>Writes the CSV form of <paramref name="series"/> to <paramref name="writer"/>.</summary>
    public static void WriteCsv<TSeries>(TextWriter writer, IEnumerable<KeyValuePair<string, TSeries>> series)
        where TSeries : IReadOnlyList<double>
    {
        ArgumentNullException.ThrowIfNull(writer);
        var list = Materialize(series);
        writer.NewLine = "\n";
        for (int c = 0; c < list.Count; c++)
        {
            if (c > 0) writer.Write(',');
            writer.Write(QuoteCsv(list[c].Key));
        }
        writer.WriteLine();
        int rows = 0;
        foreach (var (_, values) in list) rows = Math.Max(rows, values.Count);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < list.Count; c++)
            {
                if (c > 0) writer.Write(',');
                var values = list[c].Value;
                if (r < values.Count) writer.Write(FormatCsv(values[r]));
            }
            writer.WriteLine();
        }
        writer.Flush();
    }

    /// <summary>
    /// Writes a JSON object mapping each name to its array of values, in the given order. JSON has no NaN or
    /// infinity, so non-finite values are written as <c>null</c>.
    /// </summary>
    public static void WriteJson<TSeries>(string path, IEnumerable<KeyValuePair<string, TSeries>> series)
        where TSeries : IReadOnlyList<double>
    {
        var list = Materialize(series);
        AtomicFile.Write(path, stream => WriteJson(stream, list));
    }

    /// <summary>Writes the JSON form of <paramref name="series"/> to <paramref name="stream"/>.</summary>
    public static void WriteJson<TSeries>(Stream stream, IEnumerable<KeyValuePair<string, TSeries>> series)
        where TSeries : IReadOnlyList<double>
    {
        ArgumentNullException.ThrowIfNull(stream);
        var list = Materialize(series);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        foreach (var (name, values) in list)
        {
            json.WriteStartArray(name);
            for (int i = 0; i < values.Count; i++)
            {
                double v = values[i];
                if (double.IsFinite(v)) json.WriteNumberValue(v);
                else json.WriteNullValue();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes an NPZ archive with one float64 vector per series (the classic <c>record_histories_as_npz</c>):
    /// <c>np.load(path)["loss"]</c> gives the loss history. Non-finite values are kept as they are.
    /// </summary>
    public static void WriteNpz<TSeries>(string path, IEnumerable<KeyValuePair<string, TSeries>> series)
        where TSeries : IReadOnlyList<double>
    {
        var writer = new NpzWriter();
        foreach (var (name, values) in Materialize(series))
        {
            var copy = values as double[] ?? values.ToArray();
            writer.Add(name, copy, copy.Length);
        }
        writer.Save(path);
    }

    private static List<KeyValuePair<string, IReadOnlyList<double>>> Materialize<TSeries>(IEnumerable<KeyValuePair<string, TSeries>> series)
        where TSeries : IReadOnlyList<double>
    {
        ArgumentNullException.ThrowIfNull(series);
        var list = new List<KeyValuePair<string, IReadOnlyList<double>>>();
        foreach (var (name, values) in series) list.Add(new(name, values));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, values) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A history series needs a non-empty name.", nameof(series));
            if (values is null) throw new ArgumentException($"History series '{name}' is null.", nameof(series));
            if (!names.Add(name)) throw new ArgumentException($"History series '{name}' appears twice.", nameof(series));
        }
        return list;
    }

    private static string FormatCsv(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string QuoteCsv(string name) =>
        name.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : name;
}
