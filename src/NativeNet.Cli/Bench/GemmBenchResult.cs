using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>One measured product of <c>nativenet bench gemm</c>; C[m×n] = op(A)[m×k]·op(B)[k×n].</summary>
/// <remarks><see cref="Gflops"/> is measured by wall clock; <see cref="CpuGflops"/> by the CPU clock.</remarks>
public sealed record GemmBenchResult(
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("transposeA")] bool TransposeA,
    [property: JsonPropertyName("transposeB")] bool TransposeB,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("gflops")] double Gflops)
{
    /// <summary>
    /// GFLOP/s measured with the calling thread's CPU clock (single-thread runs only, else null): time the thread was
    /// actually scheduled, so load from other processes on a shared machine does not count against it.
    /// </summary>
    [JsonPropertyName("cpu_gflops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CpuGflops { get; init; }
}
