using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NativeNet.Generators.Emit;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Analysis;

/// <summary>Turns a <c>[Layer]</c> class into a <see cref="LayerModel"/> (no symbols or syntax kept).</summary>
internal static class LayerModelBuilder
{
    public static LayerModel Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } space ? space.ToDisplayString() : "";
        string name = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string n ? n : type.Name.ToLowerInvariant();
        var typeParameter = type.TypeParameters.Length == 1 ? type.TypeParameters[0] : null;

        bool isPartial = context.TargetNode is ClassDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
        bool derives = typeParameter is not null && DerivesFromLayer(type, typeParameter);
        if (typeParameter is null || !isPartial || !derives || type.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.InvalidLayerClass, type.Locations.FirstOrDefault(), type.Name));
            return new LayerModel(ns, type.Name, "T", EquatableArray<string>.Empty, null, EquatableArray.From(diagnostics));
        }

        var members = new List<string>();
        foreach (var member in type.GetMembers())
        {
            if (AttributeReader.Find(member, "NativeNet.Layers.ParameterAttribute") is null) continue;
            ITypeSymbol? memberType = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
            if (memberType is INamedTypeSymbol { TypeArguments.Length: 1 } named
                && named.OriginalDefinition.ToDisplayString() == "NativeNet.Layers.Parameter<T>"
                && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], typeParameter))
                members.Add(member.Name);
            else
                diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.InvalidParameterMember, member.Locations.FirstOrDefault(), member.Name, typeParameter.Name));
        }

        var constructor = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .OrderByDescending(c => c.Parameters.Length).FirstOrDefault();
        var arguments = new List<ConstructorArgument>();
        foreach (var p in constructor?.Parameters ?? [])
        {
            var argument = ReadArgument(p, typeParameter, type);
            // An optional parameter the manifest cannot read keeps its default; later arguments are passed by name.
            if (argument is null && p.HasExplicitDefaultValue) continue;
            if (argument is null)
                diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.UnsupportedConstructorParameter, p.Locations.FirstOrDefault(), p.Name, type.Name, p.Type.ToDisplayString()));
            else
                arguments.Add(argument);
        }

        CheckRecipe? check = null;
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            var data = AttributeReader.Find(method, "NativeNet.Layers.GradientCheckAttribute");
            if (data is null) continue;
            bool ok = method.IsStatic && method.Parameters.Length == 1 && method.Parameters[0].Type.ToDisplayString() == "NativeNet.Tensors.Rng"
                && method.ReturnType is INamedTypeSymbol r && SymbolEqualityComparer.Default.Equals(r.OriginalDefinition, type);
            if (!ok)
            {
                diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.InvalidGradientCheckFactory, method.Locations.FirstOrDefault(), method.Name));
                continue;
            }
            check = new CheckRecipe(method.Name, EquatableArray<double>.Empty, EquatableArray.From(AttributeReader.ConstructorArray<int>(data, 0)),
                AttributeReader.Named(data, "Training", true), AttributeReader.Named(data, "Tolerance", 1e-7),
                AttributeReader.Named(data, "InputLow", -1.0), AttributeReader.Named(data, "InputHigh", 1.0), AttributeReader.Named(data, "Seed", 1234));
        }
        // Without a factory there is no test recipe: an empty input shape tells test generation to skip the layer.
        check ??= new CheckRecipe(null, EquatableArray<double>.Empty, EquatableArray<int>.Empty, true, 1e-7, -1, 1, 1234);

        string open = (ns.Length > 0 ? "global::" + ns + "." : "global::") + type.Name;
        var entry = new LayerEntry(name, EquatableArray<string>.Empty, open + "<>", open + "<{0}>", EquatableArray.From(arguments), check);
        return new LayerModel(ns, type.Name, typeParameter.Name, EquatableArray.From(members), entry, EquatableArray.From(diagnostics));
    }

    private static bool DerivesFromLayer(INamedTypeSymbol type, ITypeParameterSymbol t)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.OriginalDefinition.ToDisplayString() == "NativeNet.Layers.Layer<T>")
                return SymbolEqualityComparer.Default.Equals(b.TypeArguments[0], t);
        }
        return false;
    }

    private static ConstructorArgument? ReadArgument(IParameterSymbol p, ITypeParameterSymbol t, INamedTypeSymbol layer)
    {
        string? kind = p.Type.SpecialType switch
        {
            SpecialType.System_Int32 => "int",
            SpecialType.System_Int64 => "long",
            SpecialType.System_Single => "float",
            SpecialType.System_Double => "double",
            SpecialType.System_Boolean => "bool",
            SpecialType.System_String => "string",
            _ => null,
        };
        string? enumType = null;
        if (kind is null)
        {
            if (SymbolEqualityComparer.Default.Equals(p.Type, t)) kind = "scalar";
            else if (p.Type.ToDisplayString() == "NativeNet.Tensors.Rng") kind = "rng";
            else if (p.Type is INamedTypeSymbol { TypeArguments.Length: 1 } generic && SymbolEqualityComparer.Default.Equals(generic.TypeArguments[0], t)
                && (generic.OriginalDefinition.ToDisplayString() == "NativeNet.Layers.Layer<T>" || DerivesFromLayer(generic, t)) && p.HasExplicitDefaultValue && p.ExplicitDefaultValue is null)
            {
                // A layer-valued argument (a fused activation), optional and null by default; its type with {0} for T.
                kind = "layer";
                string open = generic.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                enumType = open.Substring(0, open.IndexOf('<')) + "<{0}>";
            }
            else if (p.Type.TypeKind == TypeKind.Enum)
            {
                kind = "enum";
                enumType = p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }
            else return null;
        }
        string? literal = null, text = null;
        if (p.HasExplicitDefaultValue && kind != "rng")
        {
            object? v = p.ExplicitDefaultValue;
            switch (kind)
            {
                case "bool":
                    literal = text = (bool)v! ? "true" : "false";
                    break;
                case "layer":
                    literal = "null";
                    text = "none";
                    break;
                case "string":
                    literal = v is string s ? Literals.String(s) : "null!";
                    text = v as string ?? "";
                    break;
                case "enum":
                    literal = $"({enumType}){System.Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}";
                    text = ((INamedTypeSymbol)p.Type).GetMembers().OfType<IFieldSymbol>()
                        .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, v))?.Name ?? System.Convert.ToString(v, CultureInfo.InvariantCulture);
                    break;
                case "int":
                case "long":
                    literal = text = System.Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + (kind == "long" ? "L" : "");
                    text = text.TrimEnd('L');
                    break;
                default:
                    double d = v is null ? 0 : System.Convert.ToDouble(v, CultureInfo.InvariantCulture);
                    literal = Literals.Double(d);
                    text = d.ToString("R", CultureInfo.InvariantCulture);
                    break;
            }
        }
        return new ConstructorArgument(p.Name, kind, enumType, literal, text, kind == "rng" ? null : ReadBack(layer, p, t));
    }

    // The instance member (this type's or a base's) named like the parameter that holds its value: of the
    // parameter's type, or, for a bool, an optional Parameter<T> whose presence it decides (an optional bias).
    private static string? ReadBack(INamedTypeSymbol layer, IParameterSymbol p, ITypeParameterSymbol t)
    {
        for (var type = layer; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic || !string.Equals(member.Name, p.Name, System.StringComparison.OrdinalIgnoreCase)) continue;
                if (member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)) continue;
                ITypeSymbol? memberType = member switch
                {
                    IFieldSymbol f => f.Type,
                    IPropertySymbol { GetMethod: not null } property => property.Type,
                    _ => null,
                };
                if (memberType is null) continue;
                if (SymbolEqualityComparer.Default.Equals(memberType.WithNullableAnnotation(NullableAnnotation.NotAnnotated), p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
                    return member.Name;
                if (p.Type.SpecialType == SpecialType.System_Boolean && memberType is INamedTypeSymbol { TypeArguments.Length: 1 } named
                    && named.OriginalDefinition.ToDisplayString() == "NativeNet.Layers.Parameter<T>" && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], t))
                    return member.Name + " is not null";
            }
        }
        return null;
    }
}
