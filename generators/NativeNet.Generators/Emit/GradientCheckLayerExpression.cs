using System.Collections.Generic;
using System.Linq;

namespace NativeNet.Generators.Emit;

/// <summary>
/// The expression that builds a layer's double-precision gradient-check instance — its static factory called with the
/// Rng, or its constructor with the declared constants — shared by the generated test and the manifest's recipe.
/// </summary>
internal static class GradientCheckLayerExpression
{
    public static string Write(string doubleTypeName, string? factory, IEnumerable<double> arguments, string rng) =>
        factory is null
            ? $"new {doubleTypeName}({string.Join(", ", arguments.Select(Literals.Double))})"
            : $"{doubleTypeName}.{factory}({rng})";
}
