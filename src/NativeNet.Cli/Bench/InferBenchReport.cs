using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>The whole output of <c>nativenet bench infer --json</c>: the model, the machine's paths and one row per batch size.</summary>
/// <param name="Model">The network timed.</param>
/// <param name="Threads">Predictors running at once.</param>
/// <param name="Results">One entry per batch size.</param>
public sealed record InferBenchReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("results")] IReadOnlyList<InferBenchResult> Results)
{
    /// <summary>The GEMM micro-kernel used (<see cref="NativeNet.Kernels.Gemm.KernelName"/>).</summary>
    [JsonPropertyName("gemm_kernel")]
    public string GemmKernel { get; init; } = NativeNet.Kernels.Gemm.KernelName;

    /// <summary>The widest vectors the elementwise engine used (<see cref="NativeNet.Kernels.VectorWidth.Bits"/>).</summary>
    [JsonPropertyName("vector_bits")]
    public int VectorBits { get; init; } = NativeNet.Kernels.VectorWidth.Bits;
}
