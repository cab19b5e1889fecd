using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>The whole output of <c>nativenet bench infer --json</c>: the model, the machine's paths and one row per batch size.</summary>
/// <param name="Model">The network timed.</param>
/// <param name="Threads">Predictors running at once.</param>
/// <param name="Results">One entry per batch size.</param>
public sealed record InferBenchReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("results")] IReadOnlyList<InferBenchResult> Results) : BenchPaths
{
    /// <summary>Bytes of the model's parameters, which every call reads once.</summary>
    [JsonPropertyName("weight_bytes")]
    public long WeightBytes { get; init; }

    /// <summary>
    /// One thread's read rate over a buffer of <see cref="WeightBytes"/> at the kernel's vector width
    /// (<see cref="ReadPeak"/>), measured in the same run; absent for the scalar kernel.
    /// </summary>
    [JsonPropertyName("read_peak_gbps")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ReadPeakGbps { get; init; }

    /// <summary>One thread's float FMA roofline at the kernel's vector width (<see cref="FmaPeak"/>), measured in the same run.</summary>
    [JsonPropertyName("fma_peak_gflops_per_thread")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FmaPeakGflopsPerThread { get; init; }
}
