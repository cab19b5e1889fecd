using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Analysis;

/// <summary>
/// Reads the <c>LayerManifestEntry</c> attributes of referenced assemblies (their manifests, not their namespaces)
/// into gradient-check cases, one group per assembly.
/// </summary>
internal static class ReferencedManifestReader
{
    public static EquatableArray<TestGroup> Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var groups = new List<TestGroup>();
        var doubleType = compilation.GetSpecialType(SpecialType.System_Double);
        foreach (var reference in compilation.References)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly) continue;
            var cases = new List<GradientCheckCase>();
            foreach (var data in assembly.GetAttributes())
            {
                if (data.AttributeClass?.ToDisplayString() != "NativeNet.Layers.LayerManifestEntryAttribute") continue;
                if (data.ConstructorArguments.Length != 2 || data.ConstructorArguments[0].Value is not string name
                    || data.ConstructorArguments[1].Value is not INamedTypeSymbol { Arity: 1 } type) continue;
                var shape = AttributeReader.NamedArray(data, "InputShape", new int[0]);
                if (shape.Length == 0 || !compilation.IsSymbolAccessibleWithin(type.OriginalDefinition, compilation.Assembly)) continue;
                string closed = type.OriginalDefinition.Construct(doubleType).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                cases.Add(new GradientCheckCase(name, closed, AttributeReader.Named<string?>(data, "GradientCheckFactory", null),
                    EquatableArray.From(AttributeReader.NamedArray(data, "GradientCheckArguments", new double[0])),
                    EquatableArray.From(shape), AttributeReader.Named(data, "Training", true), AttributeReader.Named(data, "Tolerance", 1e-7),
                    AttributeReader.Named(data, "InputLow", -1.0), AttributeReader.Named(data, "InputHigh", 1.0), AttributeReader.Named(data, "Seed", 1234)));
            }
            if (cases.Count > 0) groups.Add(new TestGroup(assembly.Name, EquatableArray.From(cases)));
        }
        return EquatableArray.From(groups.OrderBy(g => g.AssemblyName, System.StringComparer.Ordinal));
    }
}
