using System.Text.Json.Serialization;
using NativeNet.Kernels;

namespace NativeNet.Cli.Bench;

/// <summary>
/// What every bench command's output reports besides its figures: the code paths it ran, so that figures from
/// machines (or width caps) that ran different paths are not compared as if they were alike.
/// </summary>
public abstract record BenchPaths
{
    /// <summary>The GEMM micro-kernel used (<see cref="Gemm.KernelName"/>).</summary>
    [JsonPropertyName("gemm_kernel")]
    public string GemmKernel { get; init; } = Gemm.KernelName;

    /// <summary>The widest vectors the elementwise engine used (<see cref="VectorWidth.Bits"/>).</summary>
    [JsonPropertyName("vector_bits")]
    public int VectorBits { get; init; } = VectorWidth.Bits;
}
