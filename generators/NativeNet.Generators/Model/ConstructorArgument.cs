namespace NativeNet.Generators.Model;

/// <summary>
/// One constructor parameter of a layer, as the manifest reads it from <c>LayerArguments</c>.
/// </summary>
/// <param name="Name">The parameter name (also the argument name).</param>
/// <param name="Kind">int, long, float, double, bool, string, enum, scalar (the layer's T) or rng.</param>
/// <param name="EnumType">The fully qualified enum type when <paramref name="Kind"/> is enum.</param>
/// <param name="DefaultLiteral">The default value as C# source, or null when the argument is required.</param>
/// <param name="DefaultText">The default value as the user would type it, or null.</param>
internal sealed record ConstructorArgument(string Name, string Kind, string? EnumType, string? DefaultLiteral, string? DefaultText);
