using System.Buffers;
using System.Numerics;
using System.Text;
using System.Text.Json;
using NativeNet.IO;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Interop;

/// <summary>
/// Moves weights between a <see cref="Sequential{T}"/> and the state dict of the matching PyTorch
/// <c>torch.nn.Sequential</c>, stored as safetensors: keys <c>{index}.weight</c>, <c>{index}.bias</c>,
/// <c>{index}.running_mean</c>, <c>{index}.running_var</c>, <c>{index}.num_batches_tracked</c>, with Linear weights in
/// PyTorch's (out_features, in_features) layout.
/// </summary>
/// <remarks>
/// <para>
/// Module indices count PyTorch modules, not NativeNet layers: an activation fused into a layer (a layer-valued
/// recipe argument, <see cref="Linear{T}.Activation"/>) is a module of its own right after it, and parameterless
/// layers (activations, dropout, flatten) take an index without tensors, as in PyTorch.
/// <see cref="Modules{T}"/> gives the Python expressions that build the matching <c>nn.Sequential</c>.
/// </para>
/// <para>
/// Linear maps to <c>nn.Linear</c>, BatchNorm to <c>nn.BatchNorm1d</c> (γ → weight, β → bias; NativeNet does not count
/// batches, so <c>num_batches_tracked</c> is exported as 0 and ignored on import), LayerNorm to <c>nn.LayerNorm</c>.
/// Other layers with parameters have no mapping and are refused with an error naming them.
/// </para>
/// </remarks>
public static class PyTorchStateDict
{
    /// <summary>The metadata key holding the JSON list of module expressions.</summary>
    public const string ModulesKey = "nativenet_pytorch_modules";

    private const string BatchCountName = "num_batches_tracked";

    /// <summary>
    /// The Python expression of each PyTorch module of <paramref name="model"/>, in order:
    /// <c>torch.nn.Sequential(*[eval(m) for m in modules])</c> builds the network the state dict loads into.
    /// </summary>
    /// <exception cref="ArgumentException">A layer is not registered or has no PyTorch equivalent; the message names it.</exception>
    public static IReadOnlyList<string> Modules<T>(Sequential<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var modules = new List<string>();
        foreach (var layer in model.Layers)
            foreach (var recipe in ModuleRecipes(layer))
                modules.Add(PyTorchModules.Expression(recipe)
                    ?? throw new ArgumentException($"Layer '{layer.Name}' ({recipe.Kind}) has no PyTorch module equivalent.", nameof(model)));
        return modules;
    }

    /// <summary>The state dict of <paramref name="model"/> under PyTorch's names, in <typeparamref name="T"/>'s dtype.</summary>
    /// <exception cref="ArgumentException">A layer with parameters has no PyTorch mapping; the message names it.</exception>
    public static IReadOnlyList<(string Name, NdArray<T> Value)> Export<T>(Sequential<T> model) where T : unmanaged, IFloatingPointIeee754<T> =>
        Entries(model).Select(e => (e.Name, e.Export())).ToList();

    /// <summary>
    /// Writes <paramref name="model"/>'s PyTorch state dict to a safetensors file that
    /// <c>safetensors.torch.load_file</c> reads and <c>nn.Sequential.load_state_dict(strict=True)</c> accepts; the
    /// metadata also holds the module expressions (<see cref="ModulesKey"/>) when every layer has a PyTorch equivalent.
    /// </summary>
    /// <exception cref="ArgumentException">A layer with parameters has no PyTorch mapping.</exception>
    public static void Save<T>(Sequential<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var writer = new SafeTensorsWriter();
        // safetensors.torch writes "pt" here; readers that check it then treat the file as a PyTorch state dict.
        writer.Metadata["format"] = "pt";
        IReadOnlyList<string>? modules = null;
        try
        {
            modules = Modules(model);
        }
        catch (ArgumentException)
        {
            // The weights still export; only the description of the network is left out.
        }
        if (modules is not null) writer.Metadata[ModulesKey] = JsonList(modules);
        var state = Export(model);
        foreach (var (name, value) in state)
        {
            writer.Add(name, value);
            if (name.EndsWith(".running_var", StringComparison.Ordinal))
                writer.AddInt64(name[..^"running_var".Length] + BatchCountName, [0L], []);
        }
        writer.Save(path);
    }

    /// <summary>
    /// Loads a PyTorch state dict (safetensors, float32 or float64) into <paramref name="model"/>, which must match it
    /// module for module: every key present with the right shape and no key left over, as
    /// <c>load_state_dict(strict=True)</c> requires. Nothing changes unless the whole file matches.
    /// </summary>
    /// <exception cref="DataFormatException">A key is missing, unexpected, misshapen, or holds a non-finite value; the message names it.</exception>
    public static void Load<T>(Sequential<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = SafeTensorsFile.Load(path);
        var expected = Entries(model);
        var names = new HashSet<string>(expected.Select(e => e.Name), StringComparer.Ordinal);
        foreach (var info in file.Tensors)
            if (!names.Contains(info.Name) && !info.Name.EndsWith("." + BatchCountName, StringComparison.Ordinal))
                throw new DataFormatException(path, 8, $"unexpected key '{info.Name}': the model has no such PyTorch tensor (expected: {string.Join(", ", names)}).");
        var values = new NdArray<T>[expected.Count];
        for (int i = 0; i < expected.Count; i++)
        {
            var (name, shape, _, _) = expected[i];
            values[i] = file.GetConverted<T>(name, shape);
            int bad = values[i].IndexOfNonFinite();
            if (bad >= 0) throw new DataFormatException(path, file.GetInfo(name).DataBegin, $"tensor '{name}' holds {values[i][bad]} at element {bad}.");
        }
        for (int i = 0; i < expected.Count; i++) expected[i].Import(values[i]);
    }

    // Every PyTorch tensor of the model: its key, its PyTorch shape, how to read it out and how to put it back.
    private static List<(string Name, int[] Shape, Func<NdArray<T>> Export, Action<NdArray<T>> Import)> Entries<T>(Sequential<T> model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var entries = new List<(string Name, int[] Shape, Func<NdArray<T>> Export, Action<NdArray<T>> Import)>();
        int index = 0;
        foreach (var layer in model.Layers)
        {
            string prefix = index + ".";
            switch (layer)
            {
                case Linear<T> linear:
                    // LoadPyTorchWeight zeroes the bias when given none, so the weight entry hands it the layer's own
                    // bias (left as it is); the bias entry then sets it.
                    entries.Add((prefix + "weight", [linear.OutFeatures, linear.InFeatures], linear.PyTorchWeight, v => linear.LoadPyTorchWeight(v, linear.Bias?.Value)));
                    if (linear.Bias is { } bias) Tensor(prefix + "bias", bias.Value);
                    break;
                case BatchNorm<T> batchNorm:
                    Tensor(prefix + "weight", batchNorm.Gamma.Value);
                    Tensor(prefix + "bias", batchNorm.Beta.Value);
                    Tensor(prefix + "running_mean", batchNorm.RunningMean);
                    Tensor(prefix + "running_var", batchNorm.RunningVariance);
                    break;
                case LayerNorm<T> layerNorm:
                    Tensor(prefix + "weight", layerNorm.Gamma.Value);
                    Tensor(prefix + "bias", layerNorm.Beta.Value);
                    break;
                default:
                    if (layer.Parameters.Count > 0 || layer.Buffers.Count > 0)
                        throw new ArgumentException($"Layer '{layer.Name}' ({layer}) has parameters but no PyTorch state-dict mapping.", nameof(model));
                    break;
            }
            index += ModuleRecipes(layer).Count;
        }
        return entries;

        void Tensor(string name, NdArray<T> value) => entries.Add((name, value.Shape.ToArray(), () => value, v => v.CopyTo(value)));
    }

    // The layer's own module and, after it, one per layer-valued argument (a fused activation).
    private static List<LayerRecipe> ModuleRecipes<T>(Layer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var recipe = layer.Recipe ?? throw new ArgumentException($"Layer '{layer.Name}' ({layer}) is not a registered layer.", nameof(layer));
        var recipes = new List<LayerRecipe> { recipe };
        recipes.AddRange(recipe.Arguments.Layers.Select(l => l.Value));
        return recipes;
    }

    private static string JsonList(IReadOnlyList<string> items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string item in items) json.WriteStringValue(item);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
