namespace NativeNet.Cli.Bench;

/// <summary>What <c>nativenet bench infer</c> measures.</summary>
/// <param name="BatchSizes">Samples per prediction call, one measurement each.</param>
/// <param name="Threads">Predictors running at once, one per thread, over the one shared model.</param>
/// <param name="Seconds">Timed seconds per batch size, after warm-up.</param>
/// <param name="Json">Print one JSON object instead of a table.</param>
public sealed record InferBenchOptions(IReadOnlyList<int> BatchSizes, int Threads, double Seconds, bool Json);
