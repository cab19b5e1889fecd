using System.Buffers;
using System.Numerics;
using System.Text;
using System.Text.Json;
using NativeNet.IO;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Models;

/// <summary>
/// A whole model in one safetensors file: the architecture (each layer's name, registry kind and constructor
/// arguments, in order) as versioned JSON in the metadata, and the parameters and buffers as tensors under their
/// qualified names. Loading needs no code that rebuilds the model: <c>ModelFile.Load&lt;float&gt;(path)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The file holds just what inference needs — no optimizer state, best-validation snapshot or histories, which stay
/// in the training checkpoint. Any <see cref="Sequential{T}"/> of registered layers (built-in, or declared with
/// <see cref="LayerAttribute"/> or <see cref="ElementwiseAttribute"/> in any loaded assembly) can be saved; each
/// layer reports its arguments through <see cref="Layer{T}.Recipe"/>.
/// </para>
/// <para>
/// Layers that draw random numbers in training (dropout) are rebuilt with a generator seeded 0: inference does not
/// use it, and a model trained further from the file draws masks from there.
/// </para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The <c>format</c> metadata value of model files.</summary>
    public const string FormatName = "nativenet-model";

    /// <summary>The architecture format version this library writes, and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The metadata key of the architecture JSON.</summary>
    public const string ArchitectureKey = "architecture";

    // The header JSON, which holds the metadata, starts after the 8-byte header length.
    private const long MetadataOffset = 8;

    /// <summary>Writes <paramref name="model"/>'s architecture and tensors to <paramref name="path"/>, atomically.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file to write (conventionally <c>.safetensors</c>).</param>
    /// <param name="metadata">Extra metadata to keep (e.g. class names, the input preprocessing), as text.</param>
    /// <exception cref="ArgumentException">A layer is not registered, or cannot report its constructor arguments; the message names it.</exception>
    public static void Save<T>(Sequential<T> model, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>()) writer.Metadata[key] = value;
        writer.Metadata["format"] = FormatName;
        writer.Metadata[ArchitectureKey] = ArchitectureJson(model);
        foreach (var (name, value) in model.State()) writer.Add(name, value);
        writer.Save(path);
    }

    /// <summary>Rebuilds the model saved at <paramref name="path"/>, in evaluation mode, as element type <typeparamref name="T"/> (converting float32 and float64 as needed).</summary>
    /// <exception cref="DataFormatException">
    /// The file is not a model file, was written by a newer version, names an unknown layer or invalid arguments, or a
    /// tensor is missing, extra, misshapen or not finite; the message names the file and what is wrong.
    /// </exception>
    public static Sequential<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = SafeTensorsFile.Load(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != FormatName)
            throw new DataFormatException(path, MetadataOffset, $"not a NativeNet model file (format '{format ?? "missing"}', expected '{FormatName}').");
        if (!file.Metadata.TryGetValue(ArchitectureKey, out var architecture))
            throw new DataFormatException(path, MetadataOffset, $"metadata '{ArchitectureKey}' is missing.");
        var model = FromArchitecture<T>(architecture, path);
        var state = model.State();
        var expected = new HashSet<string>(state.Select(s => s.Name), StringComparer.Ordinal);
        foreach (var info in file.Tensors)
            if (!expected.Contains(info.Name))
                throw new DataFormatException(path, MetadataOffset, $"tensor '{info.Name}' belongs to no layer of the architecture.");
        // Read and check every tensor before any is copied in.
        var values = new NdArray<T>[state.Count];
        for (int i = 0; i < state.Count; i++)
        {
            values[i] = file.GetConverted<T>(state[i].Name, state[i].Value.Shape.ToArray());
            int bad = values[i].IndexOfNonFinite();
            if (bad >= 0) throw new DataFormatException(path, file.GetInfo(state[i].Name).DataBegin, $"tensor '{state[i].Name}' holds {values[i][bad]} at element {bad}.");
        }
        for (int i = 0; i < state.Count; i++) values[i].CopyTo(state[i].Value);
        return model.Eval();
    }

    /// <summary>
    /// The architecture JSON of a model: <c>{"version":1,"dtype":"float32","layers":[{"name":"fc1","kind":"linear",
    /// "arguments":{"inFeatures":"784",…,"activation":{"kind":"relu","arguments":{}}}},…]}</c>. Argument values are
    /// text as <see cref="LayerArguments"/> reads them; a layer-valued argument (a fused activation) is a nested recipe.
    /// </summary>
    /// <exception cref="ArgumentException">A layer is not registered, or cannot report its constructor arguments.</exception>
    public static string ArchitectureJson<T>(Sequential<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteString("dtype", typeof(T) == typeof(float) ? "float32" : "float64");
            json.WriteStartArray("layers");
            foreach (var layer in model.Layers)
            {
                LayerRecipe recipe;
                try
                {
                    recipe = layer.Recipe ?? throw new ArgumentException(
                        $"Layer '{layer.Name}' ({layer}) is not a registered layer; declare it with [Layer] or [Elementwise] to save it in a model file.", nameof(model));
                }
                catch (InvalidOperationException e)
                {
                    throw new ArgumentException($"Layer '{layer.Name}': {e.Message}", nameof(model), e);
                }
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                WriteRecipe(json, recipe);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Builds the layers an architecture JSON describes (parameters freshly initialized), named as recorded.</summary>
    /// <param name="json">Text written by <see cref="ArchitectureJson{T}"/>.</param>
    /// <param name="source">The file it came from, for error messages.</param>
    /// <exception cref="DataFormatException">The JSON is malformed, of a newer version, or names an unknown layer or bad arguments.</exception>
    public static Sequential<T> FromArchitecture<T>(string json, string source = "architecture") where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Error(source, $"is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error(source, "is not a JSON object.");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out int v) || v < 1)
                throw Error(source, "field 'version' is missing or not a positive integer.");
            if (v > FormatVersion)
                throw Error(source, $"was written by a newer NativeNet (model format version {v}); this version reads up to version {FormatVersion}. Update NativeNet to load it.");
            if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
                throw Error(source, "field 'layers' is missing or not an array.");
            var model = new Sequential<T>();
            // Parameters are overwritten by the file's tensors; the generator only satisfies the constructors.
            var rng = new Rng(0);
            int index = 0;
            foreach (var entry in layers.EnumerateArray())
            {
                string where = $"layer {index}";
                if (entry.ValueKind != JsonValueKind.Object) throw Error(source, $"{where} is not a JSON object.");
                string name = entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw Error(source, $"{where} has no string field 'name'.");
                var recipe = ReadRecipe(entry, source, $"layer '{name}'", rng);
                try
                {
                    model.Add(LayerRegistry.Create<T>(recipe.Kind, recipe.Arguments), name);
                }
                catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
                {
                    throw Error(source, $"layer '{name}' ({recipe.Kind}): {e.Message}", e);
                }
                index++;
            }
            return model;
        }
    }

    private static void WriteRecipe(Utf8JsonWriter json, LayerRecipe recipe)
    {
        json.WriteString("kind", recipe.Kind);
        json.WriteStartObject("arguments");
        foreach (var (key, value) in recipe.Arguments.Values) json.WriteString(key, value);
        foreach (var (key, nested) in recipe.Arguments.Layers)
        {
            json.WriteStartObject(key);
            WriteRecipe(json, nested);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static LayerRecipe ReadRecipe(JsonElement element, string source, string where, Rng rng)
    {
        string kind = element.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : throw Error(source, $"{where} has no string field 'kind'.");
        var arguments = new LayerArguments(rng);
        if (element.TryGetProperty("arguments", out var args))
        {
            if (args.ValueKind != JsonValueKind.Object) throw Error(source, $"{where}: field 'arguments' is not a JSON object.");
            foreach (var property in args.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String: arguments.Set(property.Name, property.Value.GetString()!); break;
                    case JsonValueKind.Object: arguments.Set(property.Name, ReadRecipe(property.Value, source, $"{where} argument '{property.Name}'", rng)); break;
                    default: throw Error(source, $"{where}: argument '{property.Name}' is neither text nor a nested layer.");
                }
            }
        }
        return new LayerRecipe(kind, arguments);
    }

    private static DataFormatException Error(string source, string problem, Exception? inner = null) =>
        new(source, MetadataOffset, $"metadata '{ArchitectureKey}' {problem}", inner);
}
