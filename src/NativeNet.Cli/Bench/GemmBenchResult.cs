using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>One measured product of <c>nativenet bench gemm</c>; C[m×n] = op(A)[m×k]·op(B)[k×n].</summary>
/// <remarks>
/// <see cref="Gflops"/> is measured by wall clock; <see cref="CpuGflops"/> by the CPU clock. The thread count, element
/// type and kernel are the same for every row and live on <see cref="GemmBenchReport"/>.
/// </remarks>
public sealed record GemmBenchResult(
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("transposeA")] bool TransposeA,
    [property: JsonPropertyName("transposeB")] bool TransposeB,
    [property: JsonPropertyName("gflops")] double Gflops)
{
    /// <summary>
    /// GFLOP per CPU-second: with one thread by the calling thread's CPU clock (the time it was actually scheduled, so
    /// load from other processes does not count against it); with more, by the process CPU clock summed over all
    /// threads, so its ratio to the single-thread figure is the parallel efficiency.
    /// </summary>
    [JsonPropertyName("cpu_gflops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CpuGflops { get; init; }
}
