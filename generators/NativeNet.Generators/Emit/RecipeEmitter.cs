using System.Linq;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Emit;

/// <summary>
/// Writes a layer's <c>Recipe</c> override: its registry name and each constructor argument read back from the
/// member of the same name, so a model file can record the layer and the registry rebuild it.
/// </summary>
internal static class RecipeEmitter
{
    /// <summary>Writes the override; <paramref name="imported"/> when the file imports NativeNet.Layers and System, so the body can use short names.</summary>
    public static void Write(SourceWriter w, LayerEntry e, string typeName, bool imported)
    {
        string argumentsType = imported ? "LayerArguments" : "global::NativeNet.Layers.LayerArguments";
        string recipeType = imported ? "LayerRecipe" : "global::NativeNet.Layers.LayerRecipe";
        string errorType = imported ? "InvalidOperationException" : "global::System.InvalidOperationException";
        var recorded = e.Arguments.Where(a => a.Kind != "rng").ToList();
        w.Line($"/// <summary>The registry name <c>{e.Name}</c> and the constructor arguments that rebuild this layer.</summary>");
        var missing = recorded.FirstOrDefault(a => a.ReadBack is null);
        if (missing is not null)
        {
            // The generator cannot see the value: the layer is still usable, only not recordable in a model file.
            string message = $"Layer '{e.Name}' ({typeName}) cannot record its constructor argument '{missing.Name}' for a model file: "
                + $"give it a public property or field named {Literals.Pascal(missing.Name)} holding the value.";
            w.Line($"public override {recipeType} Recipe => throw new {errorType}({Literals.String(message)});");
            return;
        }
        if (recorded.Count == 0)
        {
            w.Line($"public override {recipeType} Recipe => new {recipeType}({Literals.String(e.Name)}, new {argumentsType}());");
            return;
        }
        w.Line($"public override {recipeType} Recipe => new {recipeType}({Literals.String(e.Name)}, new {argumentsType}()");
        for (int i = 0; i < recorded.Count; i++)
        {
            var a = recorded[i];
            string value = a.Kind switch
            {
                "float" => $"(double){a.ReadBack}",
                "scalar" => $"double.CreateChecked({a.ReadBack})",
                "enum" => $"{a.ReadBack}.ToString()",
                _ => a.ReadBack!,
            };
            w.Line($"    .Set({Literals.String(a.Name)}, {value}){(i + 1 == recorded.Count ? ");" : "")}");
        }
    }
}
