namespace NativeNet.Layers;

/// <summary>
/// Generated: names the type (an <see cref="ILayerManifest"/>) that creates an assembly's layers by name, so
/// <see cref="LayerRegistry"/> finds them by reading one assembly attribute rather than scanning types.
/// </summary>
/// <param name="manifestType">The generated manifest type; it has a parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class LayerManifestAttribute(Type manifestType) : Attribute
{
    /// <summary>The generated manifest type.</summary>
    public Type ManifestType { get; } = manifestType;
}
