using System.Globalization;
using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Named construction arguments for <see cref="LayerRegistry"/>, as text (from a model file or the command line,
/// e.g. <c>slope=0.2, alpha=1</c>), nested layers (a fused activation, as a <see cref="LayerRecipe"/>) and the
/// <see cref="Rng"/> that initializes parameters.
/// </summary>
public sealed class LayerArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LayerRecipe> _layers = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty argument set.</summary>
    /// <param name="rng">The generator layers with parameters draw their initial values from.</param>
    public LayerArguments(Rng? rng = null) => Rng = rng;

    /// <summary>The parameter initializer's random generator, if any.</summary>
    public Rng? Rng { get; }

    /// <summary>Parses <c>name=value</c> pairs separated by commas.</summary>
    /// <exception cref="FormatException">A pair has no <c>=</c> or repeats a name.</exception>
    public static LayerArguments Parse(string text, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var arguments = new LayerArguments(rng);
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new FormatException($"Layer argument '{pair}' is not of the form name=value.");
            string name = pair[..eq].Trim();
            if (arguments._values.ContainsKey(name)) throw new FormatException($"Layer argument '{name}' is given twice.");
            arguments._values[name] = pair[(eq + 1)..].Trim();
        }
        return arguments;
    }

    /// <summary>Sets an argument (invariant-culture text for numbers).</summary>
    public LayerArguments Set(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _values[name] = value;
        return this;
    }

    /// <summary>Sets a numeric argument.</summary>
    public LayerArguments Set(string name, double value) => Set(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Sets an integer argument.</summary>
    public LayerArguments Set(string name, long value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sets a Boolean argument.</summary>
    public LayerArguments Set(string name, bool value) => Set(name, value ? "true" : "false");

    /// <summary>Sets a layer-valued argument (a fused activation) to the recipe of <paramref name="layer"/>; null leaves it unset.</summary>
    /// <exception cref="ArgumentException">The layer is not registered, so it has no recipe.</exception>
    public LayerArguments Set<T>(string name, Layer<T>? layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (layer is null) return this;
        return Set(name, layer.Recipe ?? throw new ArgumentException(
            $"Layer argument '{name}': {layer} ({layer.GetType().Name.Split('`')[0]}) is not a registered layer, so it cannot be recorded.", nameof(layer)));
    }

    /// <summary>Sets a layer-valued argument (a fused activation) to a recipe.</summary>
    public LayerArguments Set(string name, LayerRecipe recipe)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(recipe);
        _layers[name] = recipe;
        return this;
    }

    /// <summary>The text arguments, in the order they were set.</summary>
    public IEnumerable<KeyValuePair<string, string>> Values => _values;

    /// <summary>The layer-valued arguments, in the order they were set.</summary>
    public IEnumerable<KeyValuePair<string, LayerRecipe>> Layers => _layers;

    /// <summary>Whether an argument of that name was given.</summary>
    public bool Contains(string name) => _values.ContainsKey(name) || _layers.ContainsKey(name);

    /// <summary>A required integer argument.</summary>
    public int GetInt32(string name) => int.Parse(Required(name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>An optional integer argument.</summary>
    public int GetInt32(string name, int fallback) => Contains(name) ? GetInt32(name) : MarkUsed(name, fallback);

    /// <summary>A required 64-bit integer argument.</summary>
    public long GetInt64(string name) => long.Parse(Required(name), NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>An optional 64-bit integer argument.</summary>
    public long GetInt64(string name, long fallback) => Contains(name) ? GetInt64(name) : MarkUsed(name, fallback);

    /// <summary>A required real argument.</summary>
    public double GetDouble(string name) => double.Parse(Required(name), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>An optional real argument.</summary>
    public double GetDouble(string name, double fallback) => Contains(name) ? GetDouble(name) : MarkUsed(name, fallback);

    /// <summary>A required Boolean argument (<c>true</c>/<c>false</c>).</summary>
    public bool GetBoolean(string name) => bool.Parse(Required(name));

    /// <summary>An optional Boolean argument.</summary>
    public bool GetBoolean(string name, bool fallback) => Contains(name) ? GetBoolean(name) : MarkUsed(name, fallback);

    /// <summary>A required text argument.</summary>
    public string GetString(string name) => Required(name);

    /// <summary>An optional text argument.</summary>
    public string GetString(string name, string fallback) => Contains(name) ? GetString(name) : MarkUsed(name, fallback);

    /// <summary>A required enum argument, by member name (case-insensitive).</summary>
    public TEnum GetEnum<TEnum>(string name) where TEnum : struct, Enum => Enum.Parse<TEnum>(Required(name), ignoreCase: true);

    /// <summary>An optional enum argument.</summary>
    public TEnum GetEnum<TEnum>(string name, TEnum fallback) where TEnum : struct, Enum => Contains(name) ? GetEnum<TEnum>(name) : MarkUsed(name, fallback);

    /// <summary>
    /// A layer-valued argument (a fused activation): built from its recipe, or from a registry name given as text
    /// (<c>activation=relu</c>); null when the argument is absent and not <paramref name="required"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The argument is required and missing, names an unknown layer, or is not a <typeparamref name="TLayer"/>.</exception>
    public TLayer? GetLayer<T, TLayer>(string name, bool required = false)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLayer : Layer<T>
    {
        Layer<T>? layer;
        if (_layers.TryGetValue(name, out var recipe))
        {
            _used.Add(name);
            layer = LayerRegistry.Create<T>(recipe.Kind, recipe.Arguments);
        }
        else if (_values.ContainsKey(name))
        {
            layer = LayerRegistry.Create<T>(Required(name));
        }
        else if (required)
        {
            throw new ArgumentException($"Layer argument '{name}' is required.");
        }
        else
        {
            return MarkUsed<TLayer?>(name, null);
        }
        return layer as TLayer ?? throw new ArgumentException(
            $"Layer argument '{name}': {layer} is not a {typeof(TLayer).Name.Split('`')[0]}.");
    }

    /// <summary>The random generator, or an exception naming the layer that needs one.</summary>
    public Rng RequireRng(string layer) =>
        Rng ?? throw new ArgumentException($"Layer '{layer}' initializes parameters and needs an Rng in its LayerArguments.");

    internal void BeginUse() => _used.Clear();

    internal void EnsureAllUsed(string layer, IReadOnlyList<string> accepted)
    {
        foreach (string name in _values.Keys.Concat(_layers.Keys))
        {
            if (!_used.Contains(name))
                throw new ArgumentException($"Layer '{layer}' has no argument '{name}'; it takes: {(accepted.Count == 0 ? "no arguments" : string.Join(", ", accepted))}.");
        }
    }

    private string Required(string name)
    {
        if (!_values.TryGetValue(name, out string? value))
            throw new ArgumentException($"Layer argument '{name}' is required.");
        _used.Add(name);
        return value;
    }

    private TValue MarkUsed<TValue>(string name, TValue fallback)
    {
        _used.Add(name);
        return fallback;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ",
        _values.Select(p => $"{p.Key}={p.Value}").Concat(_layers.Select(p => $"{p.Key}={p.Value.Kind}({p.Value.Arguments})")));
}
