using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>
/// The steady-state measurement of one workload by <c>nativenet bench train</c>. Allocation is process-wide over the
/// timed steps (<see cref="AllocatedBytes"/>, and its integer share per step), so a one-off allocation by the runtime
/// itself (a background JIT tier-up) shows in the total without being a per-step cost. <see cref="CpuSamplesPerSecond"/>
/// counts the calling thread's CPU time instead of the wall clock; it is given at 1 thread only, where the whole step
/// runs on that thread.
/// </summary>
public sealed record TrainBenchResult(
    [property: JsonPropertyName("workload")] string Workload,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("samples_per_second")] double SamplesPerSecond,
    [property: JsonPropertyName("allocated_bytes_per_step")] long AllocatedBytesPerStep,
    [property: JsonPropertyName("allocated_bytes")] long AllocatedBytes,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("ms_per_step")] double MillisecondsPerStep,
    [property: JsonPropertyName("cpu_samples_per_second"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CpuSamplesPerSecond) : BenchPaths;
