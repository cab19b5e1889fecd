using NativeNet.Cli.Registries;
using NativeNet.Models;

namespace NativeNet.Cli.Normalizations;

/// <summary>The <c>--norm</c> choices of <c>train</c> and the experiments.</summary>
internal static class NormalizationCatalog
{
    public static Registry<NormalizationKind> Registry { get; } = new("normalization",
    [
        new("none", "No normalization.", Normalization.None),
        new("batch", "Batch normalization: each feature standardized over the minibatch (running statistics at evaluation), then scaled and shifted.", Normalization.Batch),
        new("layer", "Layer normalization: each sample standardized over its features, then scaled and shifted.", Normalization.Layer),
    ]);
}
