using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>One batch size of <c>nativenet bench infer</c>.</summary>
/// <param name="BatchSize">Samples per call.</param>
/// <param name="MicrosecondsPerCall">Mean wall-clock time of one call on one thread (the best of several stretches).</param>
/// <param name="SamplesPerSecond">Samples predicted per second by all threads together.</param>
/// <param name="AllocatedBytesPerCall">Bytes allocated per call after warm-up (0 expected).</param>
/// <param name="FlopsPerCall">Floating-point operations of the call's matrix products (two per multiply-add).</param>
public sealed record InferBenchResult(
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("microseconds_per_call")] double MicrosecondsPerCall,
    [property: JsonPropertyName("samples_per_second")] double SamplesPerSecond,
    [property: JsonPropertyName("allocated_bytes_per_call")] long AllocatedBytesPerCall,
    [property: JsonPropertyName("flops_per_call")] long FlopsPerCall)
{
    /// <summary>
    /// The roofline's least time for one call on one thread, in µs: the longer of reading the weights once at the read
    /// peak and doing the products at the FMA peak, which any implementation reading the weights once meets on this
    /// core; absent when a peak is.
    /// </summary>
    [JsonPropertyName("floor_microseconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FloorMicroseconds { get; init; }
}
