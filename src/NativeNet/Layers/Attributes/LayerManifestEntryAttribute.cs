namespace NativeNet.Layers;

/// <summary>
/// Generated: one layer of an assembly's manifest with its gradient-check recipe. The layer generator reads these
/// from referenced assemblies to write gradient-check tests; user code does not apply it.
/// </summary>
/// <param name="name">The registry name.</param>
/// <param name="layerType">The open generic layer type, e.g. <c>typeof(Swish&lt;&gt;)</c>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class LayerManifestEntryAttribute(string name, Type layerType) : Attribute
{
    /// <summary>The registry name.</summary>
    public string Name { get; } = name;

    /// <summary>The open generic layer type.</summary>
    public Type LayerType { get; } = layerType;

    /// <summary>The static factory of the gradient check, or null to use the parameterless constructor.</summary>
    public string? GradientCheckFactory { get; set; }

    /// <summary>Constructor arguments of the gradient check when there is no factory (an elementwise layer's constants).</summary>
    public double[] GradientCheckArguments { get; set; } = [];

    /// <summary>The gradient check's input shape.</summary>
    public int[] InputShape { get; set; } = [3, 5];

    /// <summary>The gradient check's training flag.</summary>
    public bool Training { get; set; } = true;

    /// <summary>The gradient check's relative-error bound.</summary>
    public double Tolerance { get; set; } = 1e-7;

    /// <summary>Lower end of the gradient check's uniform inputs.</summary>
    public double InputLow { get; set; } = -1;

    /// <summary>Upper end of the gradient check's uniform inputs.</summary>
    public double InputHigh { get; set; } = 1;

    /// <summary>The gradient check's seed.</summary>
    public int Seed { get; set; } = 1234;
}
