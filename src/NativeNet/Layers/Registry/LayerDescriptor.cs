using System.Numerics;

namespace NativeNet.Layers;

/// <summary>A layer kind in a manifest: its registry names, type, constructor arguments, factories and gradient check.</summary>
public sealed class LayerDescriptor
{
    private readonly Func<LayerArguments, Layer<float>> _createSingle;
    private readonly Func<LayerArguments, Layer<double>> _createDouble;

    /// <summary>Creates a descriptor (the generated manifests call this).</summary>
    /// <param name="name">The registry name.</param>
    /// <param name="aliases">Further registry names.</param>
    /// <param name="layerType">The open generic layer type.</param>
    /// <param name="arguments">The constructor arguments by name, with a default where one exists (e.g. <c>slope=0.01</c>).</param>
    /// <param name="createSingle">Builds the <see cref="float"/> layer.</param>
    /// <param name="createDouble">Builds the <see cref="double"/> layer.</param>
    /// <param name="gradientCheck">How the layer is gradient-checked, or null when its declaration gives no recipe.</param>
    public LayerDescriptor(string name, string[] aliases, Type layerType, string[] arguments,
        Func<LayerArguments, Layer<float>> createSingle, Func<LayerArguments, Layer<double>> createDouble, LayerGradientCheck? gradientCheck)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(layerType);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(createSingle);
        ArgumentNullException.ThrowIfNull(createDouble);
        Name = name;
        Aliases = aliases;
        LayerType = layerType;
        Arguments = arguments;
        _createSingle = createSingle;
        _createDouble = createDouble;
        GradientCheck = gradientCheck;
    }

    /// <summary>The registry name.</summary>
    public string Name { get; }

    /// <summary>Further registry names.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The open generic layer type.</summary>
    public Type LayerType { get; }

    /// <summary>The constructor arguments, <c>name</c> or <c>name=default</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>How the layer is gradient-checked (what its generated test and <c>nativenet gradcheck</c> run), or null when its declaration gives no recipe.</summary>
    public LayerGradientCheck? GradientCheck { get; }

    /// <summary>Builds the layer for element type <typeparamref name="T"/>, checking that every argument was used.</summary>
    public Layer<T> Create<T>(LayerArguments arguments) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(arguments);
        arguments.BeginUse();
        Layer<T> layer = typeof(T) == typeof(float) ? (Layer<T>)(object)_createSingle(arguments)
            : typeof(T) == typeof(double) ? (Layer<T>)(object)_createDouble(arguments)
            : throw new NotSupportedException($"Layers support float and double, not {typeof(T).Name}.");
        arguments.EnsureAllUsed(Name, Arguments);
        return layer;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
}
