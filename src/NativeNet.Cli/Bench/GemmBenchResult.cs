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
    /// GFLOP per CPU-second: with one thread by the calling thread's CPU clock (the time it was actually scheduled, so
    /// load from other processes does not count against it); with more, by the process CPU clock summed over all
    /// threads, so its ratio to the single-thread figure is the parallel efficiency.
    /// </summary>
    [JsonPropertyName("cpu_gflops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CpuGflops { get; init; }

    /// <summary>The GEMM micro-kernel used (<see cref="NativeNet.Kernels.Gemm.KernelName"/>).</summary>
    [JsonPropertyName("gemm_kernel")]
    public string GemmKernel { get; init; } = NativeNet.Kernels.Gemm.KernelName;

    /// <summary>The widest vectors the elementwise engine used (<see cref="NativeNet.Kernels.VectorWidth.Bits"/>).</summary>
    [JsonPropertyName("vector_bits")]
    public int VectorBits { get; init; } = NativeNet.Kernels.VectorWidth.Bits;

    /// <summary>
    /// One thread's float FMA roofline at the kernel's vector width (<see cref="FmaPeak"/>), measured in the same run;
    /// absent for the scalar kernel.
    /// </summary>
    [JsonPropertyName("fma_peak_gflops_per_thread")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FmaPeakGflopsPerThread { get; init; }
}
