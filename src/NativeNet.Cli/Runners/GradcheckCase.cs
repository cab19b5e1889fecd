using System.Globalization;
using System.Reflection;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Cli.Runners;

/// <summary>
/// How to gradient-check one layer kind: build a small double-precision instance, draw a uniform input of
/// <see cref="InputShape"/> in [<see cref="InputLow"/>, <see cref="InputHigh"/>] and compare at <see cref="Tolerance"/>.
/// </summary>
internal sealed record GradcheckCase(string Name, Func<Rng, Layer<double>> Create, int[] InputShape, bool Training, double Tolerance, double InputLow, double InputHigh, int Seed)
{
    /// <summary>The recipe a layer manifest records for the generated gradient-check test of <paramref name="entry"/>.</summary>
    public static GradcheckCase FromManifest(LayerManifestEntryAttribute entry) =>
        new(entry.Name, rng => CreateFromManifest(entry, rng), entry.InputShape, entry.Training, entry.Tolerance, entry.InputLow, entry.InputHigh, entry.Seed);

    private static Layer<double> CreateFromManifest(LayerManifestEntryAttribute entry, Rng rng)
    {
        var type = entry.LayerType.IsGenericTypeDefinition ? entry.LayerType.MakeGenericType(typeof(double)) : entry.LayerType;
        object? layer;
        if (entry.GradientCheckFactory is string factory)
        {
            var method = type.GetMethod(factory, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(Rng)])
                ?? throw new InvalidOperationException($"{entry.Name}: the gradient-check factory {type.Name}.{factory}(Rng) is missing");
            layer = method.Invoke(null, [rng]);
        }
        else
        {
            // An elementwise layer's constants (e.g. leaky_relu's slope) in declaration order; later ones keep their defaults.
            var arguments = entry.GradientCheckArguments;
            var constructor = type.GetConstructors()
                .Where(c => c.GetParameters().Length >= arguments.Length && c.GetParameters().Skip(arguments.Length).All(p => p.IsOptional))
                .OrderBy(c => c.GetParameters().Length)
                .FirstOrDefault()
                ?? throw new InvalidOperationException($"{entry.Name}: no constructor of {type.Name} takes {arguments.Length} arguments");
            var parameters = constructor.GetParameters();
            var values = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
                values[i] = i < arguments.Length ? Convert.ChangeType(arguments[i], parameters[i].ParameterType, CultureInfo.InvariantCulture) : parameters[i].DefaultValue;
            layer = constructor.Invoke(values);
        }
        return layer as Layer<double> ?? throw new InvalidOperationException($"{entry.Name}: the recipe did not build a Layer<double>");
    }
}
