using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>The whole output of <c>nativenet bench infer --json</c>: the model, the machine's paths and one row per batch size.</summary>
/// <param name="Model">The network timed.</param>
/// <param name="Threads">Predictors running at once.</param>
/// <param name="Results">One entry per batch size.</param>
public sealed record InferBenchReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("results")] IReadOnlyList<InferBenchResult> Results) : BenchPaths;
