using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;

namespace NativeNet.Layers;

/// <summary>
/// Finds layer kinds by name (<c>swish</c>, <c>leaky_relu</c>, …) through the generated manifests of NativeNet and
/// of every loaded assembly that declares layers, and creates them: the model builder and the CLI go through here.
/// </summary>
/// <remarks>
/// Each assembly with declared layers carries its manifest as one <see cref="LayerManifestAttribute"/>; the registry
/// reads that attribute (it never scans types nor instantiates them by reflection). Assemblies not yet loaded can
/// be added with <see cref="Register(Assembly)"/>.
/// </remarks>
public static class LayerRegistry
{
    private static readonly ConcurrentDictionary<string, LayerDescriptor> s_byName = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<Assembly, bool> s_assemblies = new();

    static LayerRegistry() => Register(typeof(LayerRegistry).Assembly);

    /// <summary>Every registered layer kind, sorted by name.</summary>
    public static IReadOnlyList<LayerDescriptor> Layers
    {
        get
        {
            RegisterLoadedAssemblies();
            return s_byName.Values.Distinct().OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Adds the layers of an assembly's manifest (no effect if it has none or was added before).</summary>
    /// <exception cref="InvalidOperationException">Two assemblies declare the same layer name.</exception>
    public static void Register(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!s_assemblies.TryAdd(assembly, true)) return;
        if (assembly.GetCustomAttribute<LayerManifestAttribute>() is { } manifest) Register(manifest);
    }

    /// <summary>Adds the layers of a manifest.</summary>
    /// <exception cref="InvalidOperationException">A name is already registered for another layer type.</exception>
    public static void Register(ILayerManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        foreach (var descriptor in manifest.Layers)
        {
            foreach (string name in descriptor.Aliases.Prepend(descriptor.Name))
            {
                var existing = s_byName.GetOrAdd(name, descriptor);
                if (existing.LayerType != descriptor.LayerType)
                    throw new InvalidOperationException(
                        $"Layer name '{name}' is declared by both {existing.LayerType.FullName} and {descriptor.LayerType.FullName}.");
            }
        }
    }

    /// <summary>Looks a layer kind up by name or alias (case-insensitive).</summary>
    public static bool TryGet(string name, out LayerDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (s_byName.TryGetValue(name, out descriptor!)) return true;
        RegisterLoadedAssemblies();
        return s_byName.TryGetValue(name, out descriptor!);
    }

    /// <summary>Creates a layer by name.</summary>
    /// <param name="name">The registry name or alias.</param>
    /// <param name="arguments">Constructor arguments; null for none.</param>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the known ones) or an argument is missing, unknown or malformed.</exception>
    public static Layer<T> Create<T>(string name, LayerArguments? arguments = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!TryGet(name, out var descriptor))
            throw new ArgumentException(
                $"Unknown layer '{name}'. Known layers: {string.Join(", ", Layers.Select(d => d.Name))}.", nameof(name));
        return descriptor.Create<T>(arguments ?? new LayerArguments());
    }

    private static void RegisterLoadedAssemblies()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic) Register(assembly);
        }
    }
}
