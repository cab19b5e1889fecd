namespace NativeNet.Initializers;

/// <summary>The distribution a fan-scaled initializer samples, both with the same standard deviation.</summary>
public enum InitializerDistribution
{
    /// <summary>N(0, std²).</summary>
    Normal,

    /// <summary>U(−√3·std, √3·std), which has standard deviation std.</summary>
    Uniform,
}
