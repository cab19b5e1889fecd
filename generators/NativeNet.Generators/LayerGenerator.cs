using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NativeNet.Generators.Analysis;
using NativeNet.Generators.Emit;
using NativeNet.Generators.Model;

namespace NativeNet.Generators;

/// <summary>
/// Writes elementwise layers (forward, symbolic backward, fused SIMD kernels) from <c>[Elementwise]</c> scalar
/// functions, parameter registration for <c>[Layer]</c> classes, the assembly's layer manifest, and, in projects
/// that set <c>NativeNetGenerateGradientChecks</c>, one gradient-check test per layer of the project and of the
/// assemblies it references.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LayerGenerator : IIncrementalGenerator
{
    /// <summary>The MSBuild property (made compiler-visible by the package) that turns on test generation.</summary>
    public const string OptInProperty = "NativeNetGenerateGradientChecks";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var elementwise = context.SyntaxProvider.ForAttributeWithMetadataName(
                "NativeNet.Layers.ElementwiseAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ElementwiseModelBuilder.Build(ctx, ct))
            .WithTrackingName(TrackingNames.Elementwise);
        context.RegisterSourceOutput(elementwise, static (spc, model) =>
        {
            foreach (var d in model.Diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
            if (model.Diagnostics.Count == 0)
                // Named after the declaring function, so two same-named functions in different types cannot collide here
                // (the compiler then reports the duplicate layer class itself).
                spc.AddSource(model.FunctionName.Replace("global::", "") + ".g.cs", ElementwiseEmitter.Write(model));
        });

        var layers = context.SyntaxProvider.ForAttributeWithMetadataName(
                "NativeNet.Layers.LayerAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => LayerModelBuilder.Build(ctx, ct))
            .WithTrackingName(TrackingNames.Layers);
        context.RegisterSourceOutput(layers, static (spc, model) =>
        {
            foreach (var d in model.Diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
            if (model.Diagnostics.Count == 0)
                spc.AddSource(HintName(model.Namespace, model.ClassName), LayerEmitter.Write(model));
        });

        var assemblyName = context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? "Assembly");
        var elementwiseEntries = elementwise.Where(static m => m.Diagnostics.Count == 0).Select(static (m, _) => m.Entry).Collect();
        var layerEntries = layers.Where(static m => m.Diagnostics.Count == 0 && m.Entry is not null).Select(static (m, _) => m.Entry!).Collect();
        var manifest = elementwiseEntries.Combine(layerEntries).Combine(assemblyName)
            .Select(static (input, _) => new ManifestInput(input.Right,
                EquatableArray.From(input.Left.Left.Concat(input.Left.Right).OrderBy(e => e.Name, System.StringComparer.Ordinal))))
            .WithTrackingName(TrackingNames.Manifest);
        context.RegisterSourceOutput(manifest, static (spc, input) =>
        {
            if (input.Layers.Count > 0) spc.AddSource("LayerManifest.g.cs", ManifestEmitter.Write(input));
        });

        var optIn = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property." + OptInProperty, out var value)
                && string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.OptIn);
        // Runs on every compilation change but yields an equal value unless a referenced manifest changed, so the
        // test-writing step below stays cached.
        var referenced = optIn.Combine(context.CompilationProvider)
            .Select(static (input, ct) => input.Left ? ReferencedManifestReader.Read(input.Right, ct) : EquatableArray<TestGroup>.Empty)
            .WithTrackingName(TrackingNames.ReferencedManifests);
        context.RegisterSourceOutput(referenced.Combine(manifest).Combine(optIn), static (spc, input) =>
        {
            if (!input.Right) return;
            var groups = input.Left.Left.ToList();
            var local = input.Left.Right;
            var localCases = local.Layers.Where(e => e.Check.InputShape.Count > 0).Select(e => new GradientCheckCase(
                e.Name, string.Format(System.Globalization.CultureInfo.InvariantCulture, e.ClosedTypeFormat, "double"), e.Check.Factory, e.Check.Arguments,
                e.Check.InputShape, e.Check.Training, e.Check.Tolerance, e.Check.InputLow, e.Check.InputHigh, e.Check.Seed)).ToList();
            if (localCases.Count > 0) groups.Add(new TestGroup(local.AssemblyName, EquatableArray.From(localCases)));
            foreach (var group in groups)
            {
                string cls = Literals.Pascal(group.AssemblyName) + "GradientChecks";
                spc.AddSource(cls + ".g.cs", TestEmitter.Write(cls, group.Cases));
            }
        });
    }

    private static string HintName(string ns, string cls) => (ns.Length > 0 ? ns + "." : "") + cls + ".g.cs";
}
