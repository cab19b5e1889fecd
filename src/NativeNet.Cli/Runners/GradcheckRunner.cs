using System.Globalization;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Tensors;
using Spectre.Console;

namespace NativeNet.Cli.Runners;

/// <summary>
/// Runs <c>nativenet gradcheck</c>: every layer of the registry (or the --layer ones), built in double precision by
/// the gradient-check recipe its generated manifest holds (<see cref="LayerDescriptor.GradientCheck"/>: factory or
/// constants, input shape and range, training flag, tolerance, seed), checked with
/// <see cref="GradientCheck.CheckLayer"/> — the same check the generated tests run.
/// </summary>
internal static class GradcheckRunner
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(CliContext context, GradcheckSettings settings)
    {
        var cases = Cases();
        var selected = new List<(string Name, LayerGradientCheck Recipe)>();
        if (settings.Layers.Count == 0) selected.AddRange(cases.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value)));
        foreach (string name in settings.Layers)
        {
            string key = LayerRegistry.TryGet(name.Replace('-', '_'), out var descriptor) ? descriptor.Name : name;
            if (!cases.TryGetValue(key, out var recipe))
                throw new UsageException($"--layer '{name}' is not a known layer; known: {string.Join(", ", cases.Keys.Order(StringComparer.Ordinal))}");
            if (!selected.Contains((key, recipe))) selected.Add((key, recipe));
        }

        var rows = new List<(string Name, string Layer, IReadOnlyList<(string Name, double Error)> Errors, double MaxError, double Tolerance, bool Passed)>();
        foreach (var (name, recipe) in selected)
        {
            var rng = new Rng(settings.Seed ?? (ulong)recipe.Seed);
            var layer = recipe.Create(rng);
            var input = NdArray<double>.RandomUniform(rng, recipe.InputLow, recipe.InputHigh, recipe.InputShape);
            var result = GradientCheck.CheckLayer(layer, input, rng, recipe.Training);
            double tolerance = settings.Tolerance ?? recipe.Tolerance;
            rows.Add((name, layer.ToString() ?? name, result.Errors, result.MaxError, tolerance, result.Passes(tolerance)));
        }

        var table = new Table().Title("gradient check (double precision, central differences)");
        foreach (var header in new[] { "layer", "input shape", "max relative error", "tolerance", "result" }) table.AddColumn(header);
        foreach (var (row, (_, recipe)) in rows.Zip(selected))
            table.AddRow(Markup.Escape(row.Name), NdArray<double>.FormatShape(recipe.InputShape), row.MaxError.ToString("0.00e+0", Invariant),
                row.Tolerance.ToString("0.0e+0", Invariant), row.Passed ? "pass" : "[red]FAIL[/]");
        context.Ansi.Write(table);
        int failed = rows.Count(r => !r.Passed);
        context.Out.WriteLine(failed == 0 ? $"all {rows.Count} layers pass" : $"{failed} of {rows.Count} layers fail: {string.Join(", ", rows.Where(r => !r.Passed).Select(r => r.Name))}");
        if (settings.Json)
            context.Out.WriteLine(FieldsJson.Serialize(new Dictionary<string, object>
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

    /// <summary>Every registered layer with a gradient-check recipe, by name.</summary>
    public static IReadOnlyDictionary<string, LayerGradientCheck> Cases() =>
        LayerRegistry.Layers.Where(d => d.GradientCheck is not null)
            .ToDictionary(d => d.Name, d => d.GradientCheck!, StringComparer.OrdinalIgnoreCase);
}
