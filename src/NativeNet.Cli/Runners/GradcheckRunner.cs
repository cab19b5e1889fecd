using System.Globalization;
using System.Reflection;
using System.Text.Json;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Tensors;
using Spectre.Console;

namespace NativeNet.Cli.Runners;

/// <summary>
/// Runs <c>nativenet gradcheck</c>: every layer of the registry (or the --layer ones), built in double precision from
/// the gradient-check recipe its manifest records (factory or constants, input shape and range, training flag,
/// tolerance, seed), checked with <see cref="GradientCheck.CheckLayer"/> — the same check the generated tests run.
/// </summary>
internal static class GradcheckRunner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(CliContext context, GradcheckSettings settings)
    {
        var recipes = Recipes();
        var selected = new List<LayerManifestEntryAttribute>();
        if (settings.Layers.Count == 0) selected.AddRange(recipes.Values.OrderBy(r => r.Name, StringComparer.Ordinal));
        foreach (string name in settings.Layers)
        {
            if (!LayerRegistry.TryGet(name.Replace('-', '_'), out var descriptor) || !recipes.TryGetValue(descriptor.Name, out var recipe))
                throw new UsageException($"--layer '{name}' is not a registered layer; known: {string.Join(", ", recipes.Keys.Order(StringComparer.Ordinal))}");
            if (!selected.Contains(recipe)) selected.Add(recipe);
        }

        var rows = new List<(string Name, string Layer, IReadOnlyList<(string Name, double Error)> Errors, double MaxError, double Tolerance, bool Passed)>();
        foreach (var recipe in selected)
        {
            var rng = new Rng((ulong)recipe.Seed);
            var layer = Create(recipe, rng);
            var input = NdArray<double>.RandomUniform(rng, recipe.InputLow, recipe.InputHigh, recipe.InputShape);
            var result = GradientCheck.CheckLayer(layer, input, rng, recipe.Training);
            double tolerance = settings.Tolerance ?? recipe.Tolerance;
            rows.Add((recipe.Name, layer.ToString() ?? recipe.Name, result.Errors, result.MaxError, tolerance, result.Passes(tolerance)));
        }

        var table = new Table().Title("gradient check (double precision, central differences)");
        foreach (var header in new[] { "layer", "input shape", "max relative error", "tolerance", "result" }) table.AddColumn(header);
        foreach (var (row, recipe) in rows.Zip(selected))
            table.AddRow(Markup.Escape(row.Name), NdArray<double>.FormatShape(recipe.InputShape), row.MaxError.ToString("0.00e+0", Invariant),
                row.Tolerance.ToString("0.0e+0", Invariant), row.Passed ? "pass" : "[red]FAIL[/]");
        context.Ansi.Write(table);
        int failed = rows.Count(r => !r.Passed);
        context.Out.WriteLine(failed == 0 ? $"all {rows.Count} layers pass" : $"{failed} of {rows.Count} layers fail: {string.Join(", ", rows.Where(r => !r.Passed).Select(r => r.Name))}");
        if (settings.Json)
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["passed"] = failed == 0,
                ["layers"] = rows.Select(r => new Dictionary<string, object>
                {
                    ["name"] = r.Name,
                    ["max_error"] = double.IsFinite(r.MaxError) ? r.MaxError : -1,
                    ["tolerance"] = r.Tolerance,
                    ["passed"] = r.Passed,
                    ["errors"] = r.Errors.ToDictionary(e => e.Name, e => double.IsFinite(e.Error) ? e.Error : -1),
                }).ToArray(),
            }));
        return failed == 0 ? Program.Success : Program.RuntimeFailure;
    }

    /// <summary>The gradient-check recipe of every registered layer, from the manifests of the loaded assemblies.</summary>
    public static IReadOnlyDictionary<string, LayerManifestEntryAttribute> Recipes()
    {
        var registered = LayerRegistry.Layers;
        var recipes = new Dictionary<string, LayerManifestEntryAttribute>(StringComparer.Ordinal);
        foreach (var assembly in registered.Select(d => d.LayerType.Assembly).Distinct())
            foreach (var entry in assembly.GetCustomAttributes<LayerManifestEntryAttribute>())
                recipes.TryAdd(entry.Name, entry);
        return recipes;
    }

    private static Layer<double> Create(LayerManifestEntryAttribute recipe, Rng rng)
    {
        var type = recipe.LayerType.IsGenericTypeDefinition ? recipe.LayerType.MakeGenericType(typeof(double)) : recipe.LayerType;
        object? layer;
        if (recipe.GradientCheckFactory is string factory)
        {
            var method = type.GetMethod(factory, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(Rng)])
                ?? throw new InvalidOperationException($"{recipe.Name}: the gradient-check factory {type.Name}.{factory}(Rng) is missing");
            layer = method.Invoke(null, [rng]);
        }
        else
        {
            var arguments = recipe.GradientCheckArguments;
            var constructor = type.GetConstructors().FirstOrDefault(c => c.GetParameters().Length == arguments.Length)
                ?? type.GetConstructors().FirstOrDefault(c => c.GetParameters().Count(p => !p.IsOptional) <= arguments.Length && c.GetParameters().Length >= arguments.Length)
                ?? throw new InvalidOperationException($"{recipe.Name}: no constructor of {type.Name} takes {arguments.Length} arguments");
            var parameters = constructor.GetParameters();
            var values = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
                values[i] = i < arguments.Length ? Convert.ChangeType(arguments[i], parameters[i].ParameterType, Invariant) : parameters[i].DefaultValue;
            layer = constructor.Invoke(values);
        }
        return layer as Layer<double> ?? throw new InvalidOperationException($"{recipe.Name}: the recipe did not build a Layer<double>");
    }
}
