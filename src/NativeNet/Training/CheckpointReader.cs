using System.Globalization;
using System.Numerics;
using System.Text.Json;
using NativeNet.IO;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Training;

/// <summary>
/// Reads a checkpoint: its metadata (JSON objects such as <c>solver</c>, <c>architecture</c>, <c>data</c>) and its
/// tensors. Every metadata field is read here, so that a missing, mistyped or out-of-range value is a
/// <see cref="DataFormatException"/> naming the file, the metadata key and the field.
/// </summary>
public sealed class CheckpointReader
{
    // The header JSON, which holds the metadata, starts after the 8-byte header length.
    private const long MetadataOffset = 8;

    private readonly Dictionary<string, JsonElement> _objects = new(StringComparer.Ordinal);

    private CheckpointReader(SafeTensorsFile file) => SafeTensors = file;

    /// <summary>The file path.</summary>
    public string Path => SafeTensors.SourceName;

    /// <summary>The string metadata, as stored.</summary>
    public IReadOnlyDictionary<string, string> Metadata => SafeTensors.Metadata;

    /// <summary>The safetensors file: the tensors, with their names, shapes and dtypes.</summary>
    public SafeTensorsFile SafeTensors { get; }

    /// <summary>Loads a checkpoint written by <see cref="Checkpoint.Save{T}(Solver{T}, string, IReadOnlyDictionary{string, string})"/>.</summary>
    /// <exception cref="DataFormatException">The file is not a safetensors file or not a NativeNet checkpoint.</exception>
    public static CheckpointReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = SafeTensorsFile.Load(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Checkpoint.FormatName)
            throw new DataFormatException(path, MetadataOffset, $"not a NativeNet checkpoint (format '{format ?? "missing"}', expected '{Checkpoint.FormatName}').");
        return new CheckpointReader(file);
    }

    /// <summary>Metadata <paramref name="key"/> parsed as a JSON object.</summary>
    /// <exception cref="DataFormatException">The key is missing, or its value is not a JSON object.</exception>
    public JsonElement GetObject(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_objects.TryGetValue(key, out var cached)) return cached;
        if (!Metadata.TryGetValue(key, out var json)) throw Error($"metadata '{key}' is missing.");
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(json);
            element = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Error($"metadata '{key}' is not valid JSON: {e.Message}", e);
        }
        if (element.ValueKind != JsonValueKind.Object) throw Error($"metadata '{key}' is not a JSON object (it is {element.ValueKind}).");
        _objects[key] = element;
        return element;
    }

    /// <summary>A required string field of metadata object <paramref name="key"/>.</summary>
    /// <exception cref="DataFormatException">The key or field is missing or malformed.</exception>
    public string GetString(string key, string field) =>
        GetOptionalString(key, field) ?? throw FieldError(key, field, "is missing.");

    /// <summary>A string field of metadata object <paramref name="key"/>, or null when the field is absent.</summary>
    /// <exception cref="DataFormatException">The key is missing or malformed, or the field is not a string.</exception>
    public string? GetOptionalString(string key, string field)
    {
        if (!GetObject(key).TryGetProperty(field, out var value)) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw FieldError(key, field, $"expected a string, got {value.GetRawText()}.");
    }

    /// <summary>A required integer field in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="DataFormatException">The key or field is missing, not an integer, or out of range.</exception>
    public long GetInt64(string key, string field, long min, long max) =>
        GetOptionalInt64(key, field, min, max) ?? throw FieldError(key, field, "is missing.");

    /// <summary>A required integer field in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="DataFormatException">The key or field is missing, not an integer, or out of range.</exception>
    public int GetInt32(string key, string field, int min, int max) => (int)GetInt64(key, field, min, max);

    /// <summary>An integer field in [<paramref name="min"/>, <paramref name="max"/>], or null when the field is absent.</summary>
    /// <exception cref="DataFormatException">The key is missing or malformed, or the field is not an integer in range.</exception>
    public long? GetOptionalInt64(string key, string field, long min, long max)
    {
        if (!GetObject(key).TryGetProperty(field, out var value)) return null;
        string range = string.Create(CultureInfo.InvariantCulture, $"[{min}, {max}]");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
            throw FieldError(key, field, $"expected an integer in {range}, got {value.GetRawText()}.");
        return number >= min && number <= max ? number : throw FieldError(key, field, $"{value.GetRawText()} is out of range {range}.");
    }

    /// <summary>A true/false field of metadata object <paramref name="key"/>, or null when the field is absent.</summary>
    /// <exception cref="DataFormatException">The key is missing or malformed, or the field is not true or false.</exception>
    public bool? GetOptionalBoolean(string key, string field)
    {
        if (!GetObject(key).TryGetProperty(field, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw FieldError(key, field, $"expected true or false, got {value.GetRawText()}."),
        };
    }

    /// <summary>
    /// A required number field, stored as a JSON number or as a string in invariant round-trip format (which also
    /// spells <c>NaN</c>).
    /// </summary>
    /// <exception cref="DataFormatException">The key or field is missing, or the field is not a number.</exception>
    public double GetDouble(string key, string field)
    {
        if (!GetObject(key).TryGetProperty(field, out var value)) throw FieldError(key, field, "is missing.");
        return ParseDouble(key, field, value);
    }

    /// <summary>Every field of metadata object <paramref name="key"/> as a number (see <see cref="GetDouble"/>).</summary>
    /// <exception cref="DataFormatException">The key is missing or malformed, or a field is not a number.</exception>
    public IReadOnlyDictionary<string, double> GetDoubles(string key)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in GetObject(key).EnumerateObject()) values[property.Name] = ParseDouble(key, property.Name, property.Value);
        return values;
    }

    /// <summary>The network the <c>architecture</c> metadata describes.</summary>
    /// <exception cref="DataFormatException">The metadata is missing or is not a valid <see cref="FullyConnectedNetSpec"/>.</exception>
    public FullyConnectedNetSpec GetArchitecture()
    {
        const string key = "architecture";
        GetObject(key);
        try
        {
            return FullyConnectedNetSpec.FromJson(Metadata[key]);
        }
        catch (FormatException e)
        {
            throw Error($"metadata '{key}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Checks that the file holds every tensor of <paramref name="expected"/> with that shape, without reading the
    /// data: a network sized by the metadata is then known to match the file before it is built.
    /// </summary>
    /// <param name="expected">Names and shapes, e.g. <see cref="FullyConnectedNet.StateShapes"/>.</param>
    /// <param name="source">What the expectation comes from, for the message (e.g. <c>metadata 'architecture'</c>).</param>
    /// <exception cref="DataFormatException">The first tensor that is missing or has another shape; the message names it.</exception>
    public void RequireTensorShapes(IEnumerable<(string Name, int[] Shape)> expected, string source)
    {
        ArgumentNullException.ThrowIfNull(expected);
        foreach (var (name, shape) in expected)
        {
            if (!SafeTensors.Contains(name)) throw Error($"{source} needs a tensor '{name}' of shape {NdArray<float>.FormatShape(shape)}, which the file does not hold.");
            var info = SafeTensors.GetInfo(name);
            if (!info.Shape.AsSpan().SequenceEqual(shape))
                throw new DataFormatException(Path, MetadataOffset, $"tensor '{name}' has shape {info.ShapeString}, but {source} needs {NdArray<float>.FormatShape(shape)}.");
        }
    }

    /// <summary>Reads tensor <paramref name="name"/>, checking its dtype, its shape (when given) and that every element is finite.</summary>
    internal NdArray<T> GetFiniteArray<T>(string name, int[]? shape = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = SafeTensors.GetArray<T>(name, shape);
        int bad = values.IndexOfNonFinite();
        if (bad < 0) return values;
        // The tensors cover the data buffer to the end of the file, so it starts that far before the end.
        var info = SafeTensors.GetInfo(name);
        long dataStart = new FileInfo(Path).Length - SafeTensors.Tensors.Max(t => t.DataEnd);
        long offset = dataStart + info.DataBegin + (long)bad * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        throw new DataFormatException(Path, offset, $"tensor '{name}' holds {values[bad]} at element {bad}; a checkpoint holds only finite numbers.");
    }

    /// <summary>A format error about the metadata of this file.</summary>
    internal DataFormatException Error(string problem, Exception? cause = null) => new(Path, MetadataOffset, problem, cause);

    private DataFormatException FieldError(string key, string field, string problem) => Error($"metadata '{key}' field '{field}': {problem}");

    private double ParseDouble(string key, string field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)) return parsed;
        throw FieldError(key, field, $"expected a number, got {value.GetRawText()}.");
    }
}
