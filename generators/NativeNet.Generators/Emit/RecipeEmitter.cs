using System.Linq;
using NativeNet.Generators.Model;

namespace NativeNet.Generators.Emit;

/// <summary>
/// Writes a layer's <c>Recipe</c> override: its registry name and each constructor argument read back from the
/// member of the same name, so a model file can record the layer and the registry rebuild it.
/// </summary>
internal static class RecipeEmitter
{
    private const string Arguments = "global::NativeNet.Layers.LayerArguments";
    private const string Recipe = "global::NativeNet.Layers.LayerRecipe";

    public static void Write(SourceWriter w, LayerEntry e, string typeName)
    {
        var recorded = e.Arguments.Where(a => a.Kind != "rng").ToList();
        w.Line($"/// <summary>The registry name <c>{e.Name}</c> and the constructor arguments that rebuild this layer.</summary>");
        var missing = recorded.FirstOrDefault(a => a.ReadBack is null);
        if (missing is not null)
        {
            // The generator cannot see the value: the layer is still usable, only not recordable in a model file.
            string message = $"Layer '{e.Name}' ({typeName}) cannot record its constructor argument '{missing.Name}' for a model file: "
                + $"give it a public property or field named {Literals.Pascal(missing.Name)} holding the value.";
            w.Line($"public override {Recipe} Recipe => throw new global::System.InvalidOperationException({Literals.String(message)});");
            return;
        }
        if (recorded.Count == 0)
        {
            w.Line($"public override {Recipe} Recipe => new {Recipe}({Literals.String(e.Name)}, new {Arguments}());");
            return;
        }
        w.Line($"public override {Recipe} Recipe => new {Recipe}({Literals.String(e.Name)}, new {Arguments}()");
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
