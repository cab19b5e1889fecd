namespace NativeNet.Generators.Model;

/// <summary>The assembly-level inputs of manifest and test generation.</summary>
internal sealed record ManifestInput(string AssemblyName, EquatableArray<LayerEntry> Layers);
