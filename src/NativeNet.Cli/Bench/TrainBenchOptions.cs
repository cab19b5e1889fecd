namespace NativeNet.Cli.Bench;

/// <summary>The parsed options of <c>nativenet bench train</c>.</summary>
/// <param name="Workload">A name from <see cref="TrainWorkloads"/>.</param>
/// <param name="Threads">Worker threads for the GEMM.</param>
/// <param name="Seconds">Timed duration after warm-up.</param>
/// <param name="Json">Print one JSON object instead of text.</param>
public sealed record TrainBenchOptions(string Workload, int Threads, double Seconds, bool Json);
