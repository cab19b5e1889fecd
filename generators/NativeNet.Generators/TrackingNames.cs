namespace NativeNet.Generators;

/// <summary>Names of the pipeline steps, so tests can check which ones ran and which were cached.</summary>
internal static class TrackingNames
{
    public const string Elementwise = nameof(Elementwise);
    public const string Layers = nameof(Layers);
    public const string Manifest = nameof(Manifest);
    public const string OptIn = nameof(OptIn);
    public const string ReferencedManifests = nameof(ReferencedManifests);
}
