namespace NativeNet.Generators.Model;

/// <summary>What the assembly manifest needs to know about one declared layer.</summary>
/// <param name="OpenTypeName">The fully qualified open generic type, e.g. <c>global::Ns.Swish&lt;&gt;</c>.</param>
/// <param name="ClosedTypeFormat">The fully qualified type with <c>{0}</c> for the element type.</param>
internal sealed record LayerEntry(
    string Name,
    EquatableArray<string> Aliases,
    string OpenTypeName,
    string ClosedTypeFormat,
    EquatableArray<ConstructorArgument> Arguments,
    CheckRecipe Check);
