using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NativeNet.Generators.Emit;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Analysis;

/// <summary>Turns an <c>[Elementwise]</c> method into an <see cref="ElementwiseModel"/> (no symbols or syntax kept).</summary>
internal static class ElementwiseModelBuilder
{
    public static ElementwiseModel Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        string name = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string n ? n : method.Name.ToLowerInvariant();
        bool isGeneric = method.TypeParameters.Length == 1;
        ITypeSymbol? scalar = isGeneric ? method.TypeParameters[0] : null;

        bool IsScalar(ITypeSymbol t) => scalar is not null ? SymbolEqualityComparer.Default.Equals(t, scalar) : t.SpecialType == SpecialType.System_Double;
        bool valid = method.IsStatic && method.TypeParameters.Length <= 1 && method.Parameters.Length >= 1
            && IsScalar(method.ReturnType) && method.Parameters.All(p => IsScalar(p.Type) && p.RefKind == RefKind.None);
        if (!valid)
            diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.InvalidSignature, method.Locations.FirstOrDefault(), method.Name));

        string containing = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string functionName = containing + "." + method.Name;
        string ns = method.ContainingNamespace is { IsGlobalNamespace: false } space ? space.ToDisplayString() : "";

        var arguments = method.Parameters.Skip(1).Select(p =>
        {
            string? literal = p.HasExplicitDefaultValue && p.ExplicitDefaultValue is { } v ? Literals.Double(System.Convert.ToDouble(v, CultureInfo.InvariantCulture)) : null;
            string? text = p.HasExplicitDefaultValue && p.ExplicitDefaultValue is { } t ? System.Convert.ToDouble(t, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) : null;
            return new ConstructorArgument(p.Name, "double", null, literal, text, Literals.Pascal(p.Name));
        }).ToList();

        Expr? forward = null, derivative = null;
        string? derivativeName = null;
        bool savesOutput = false;
        if (valid)
        {
            var derivativeAttribute = AttributeReader.Find(method, "NativeNet.Layers.DerivativeAttribute");
            if (derivativeAttribute is not null)
            {
                string target = derivativeAttribute.ConstructorArguments.FirstOrDefault().Value as string ?? "";
                var derivativeMethod = method.ContainingType.GetMembers(target).OfType<IMethodSymbol>().FirstOrDefault(d =>
                    d.IsStatic && d.Parameters.Length == method.Parameters.Length && d.TypeParameters.Length == method.TypeParameters.Length);
                if (derivativeMethod is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(GeneratorDiagnostics.DerivativeNotFound, method.Locations.FirstOrDefault(), target, method.Name));
                }
                else
                {
                    derivativeName = containing + "." + derivativeMethod.Name;
                    // With a hand-written derivative, anything the reader does not know is called per element instead.
                    forward = ExpressionReader.Read(context.SemanticModel.GetOperation(context.TargetNode, cancellationToken), new List<DiagnosticInfo>());
                    derivative = ReadBody(context.SemanticModel.Compilation, derivativeMethod, cancellationToken);
                    if (forward is not null && derivative is not null)
                        derivative = Differentiator.ForBackward(forward, derivative, out savesOutput);
                }
            }
            else
            {
                forward = ExpressionReader.Read(context.SemanticModel.GetOperation(context.TargetNode, cancellationToken), diagnostics);
                if (forward is not null)
                    derivative = Differentiator.ForBackward(forward, Differentiator.Differentiate(forward), out savesOutput);
            }
            // After differentiation and the output substitution, both of which match the expression as written.
            if (forward is not null) forward = LogarithmIdentities.Rewrite(forward);
            if (derivative is not null) derivative = LogarithmIdentities.Rewrite(derivative);
        }

        // Constants without a default are checked at 1.
        var checkArguments = method.Parameters.Skip(1).Select(p =>
            p.HasExplicitDefaultValue && p.ExplicitDefaultValue is { } v ? System.Convert.ToDouble(v, CultureInfo.InvariantCulture) : 1.0);
        var check = new CheckRecipe(null, EquatableArray.From(checkArguments), EquatableArray.From(new[] { 3, 5 }), true,
            AttributeReader.Named(attribute, "Tolerance", 1e-7), AttributeReader.Named(attribute, "InputLow", -3.0),
            AttributeReader.Named(attribute, "InputHigh", 3.0), AttributeReader.Named(attribute, "Seed", 1234));
        string open = (ns.Length > 0 ? "global::" + ns + "." : "global::") + method.Name;
        var entry = new LayerEntry(name, EquatableArray.From(AttributeReader.NamedArray(attribute, "Aliases", new string[0])),
            open + "<>", open + "<{0}>", EquatableArray.From(arguments), check);
        bool isPublic = method.DeclaredAccessibility == Accessibility.Public && method.ContainingType.DeclaredAccessibility == Accessibility.Public;
        return new ElementwiseModel(ns, method.Name, isPublic, functionName, derivativeName, isGeneric,
            EquatableArray.From(arguments.Select(a => a.Name)), forward, derivative, savesOutput, entry, EquatableArray.From(diagnostics));
    }

    private static Expr? ReadBody(Compilation compilation, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var reference = method.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null) return null;
        var syntax = reference.GetSyntax(cancellationToken);
        var model = compilation.GetSemanticModel(syntax.SyntaxTree);
        return ExpressionReader.Read(model.GetOperation(syntax, cancellationToken), new List<DiagnosticInfo>());
    }
}
