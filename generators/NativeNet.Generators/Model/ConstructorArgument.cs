namespace NativeNet.Generators.Model;

/// <summary>
/// One constructor parameter of a layer, as the manifest reads it from <c>LayerArguments</c>.
/// </summary>
/// <param name="Name">The parameter name (also the argument name).</param>
/// <param name="Kind">int, long, float, double, bool, string, enum, scalar (the layer's T), layer (a fused activation) or rng.</param>
/// <param name="EnumType">
/// The fully qualified enum type when <paramref name="Kind"/> is enum; the layer type with <c>{0}</c> for the element
/// type when it is layer.
/// </param>
/// <param name="DefaultLiteral">The default value as C# source, or null when the argument is required.</param>
/// <param name="DefaultText">The default value as the user would type it, or null.</param>
/// <param name="ReadBack">
/// The layer's own member that holds the argument's value, as C# (<c>InFeatures</c>, <c>Bias is not null</c>), so a
/// model file can record it; null when the layer has none.
/// </param>
internal sealed record ConstructorArgument(string Name, string Kind, string? EnumType, string? DefaultLiteral, string? DefaultText, string? ReadBack);
