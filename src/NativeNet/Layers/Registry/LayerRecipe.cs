namespace NativeNet.Layers;

/// <summary>
/// What rebuilds a layer: its registry name and its constructor arguments, as <see cref="LayerRegistry.Create{T}"/>
/// takes them. Model files store the recipe of each layer, so a model loads without code that rebuilds it.
/// </summary>
/// <param name="Kind">The registry name, e.g. <c>linear</c> or <c>leaky_relu</c>.</param>
/// <param name="Arguments">The constructor arguments, text and nested layers (a fused activation).</param>
public sealed record LayerRecipe(string Kind, LayerArguments Arguments);
