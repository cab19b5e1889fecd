namespace NativeNet.Benchmarks.Optimizers;

/// <summary>
/// The memory traffic of one invocation of a benchmark, in bytes per element of <see cref="OptimizerStepBenchmarks.Elements"/>,
/// read by <see cref="BandwidthColumn"/> to report effective GB/s.
/// </summary>
/// <param name="bytesPerElement">Bytes read plus bytes written per element.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesMovedAttribute(int bytesPerElement) : Attribute
{
    /// <summary>Bytes read plus bytes written per element.</summary>
    public int BytesPerElement { get; } = bytesPerElement;
}
