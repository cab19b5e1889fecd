namespace NativeNet.Layers;

/// <summary>
/// Generated: the manifest of an assembly's layers, applied to the assembly as an attribute, so
/// <see cref="LayerRegistry"/> finds it by reading one assembly attribute rather than scanning types, and gets it
/// ready-made: no type is instantiated by reflection (trimmed and NativeAOT apps).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public abstract class LayerManifestAttribute : Attribute, ILayerManifest
{
    /// <inheritdoc/>
    public abstract IReadOnlyList<LayerDescriptor> Layers { get; }
}
