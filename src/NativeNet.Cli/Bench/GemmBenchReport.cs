using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>The whole output of <c>nativenet bench gemm --json</c>: the settings shared by every product and one row per shape.</summary>
/// <param name="Threads">Thread count the products ran with.</param>
/// <param name="Type">Element type timed: <c>float</c> or <c>double</c>.</param>
/// <param name="Results">One entry per shape, in the order given.</param>
public sealed record GemmBenchReport(
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("results")] IReadOnlyList<GemmBenchResult> Results) : BenchPaths
{
    /// <summary>
    /// One thread's float FMA roofline at the kernel's vector width (<see cref="FmaPeak"/>), measured in the same run;
    /// absent for the scalar kernel.
    /// </summary>
    [JsonPropertyName("fma_peak_gflops_per_thread")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FmaPeakGflopsPerThread { get; init; }
}
