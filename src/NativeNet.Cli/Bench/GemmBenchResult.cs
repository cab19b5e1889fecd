using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>One measured product of <c>nativenet bench gemm</c>; C[m×n] = op(A)[m×k]·op(B)[k×n].</summary>
public sealed record GemmBenchResult(
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("transposeA")] bool TransposeA,
    [property: JsonPropertyName("transposeB")] bool TransposeB,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("gflops")] double Gflops);
