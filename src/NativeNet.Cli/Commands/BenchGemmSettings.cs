namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet bench gemm</c>.</summary>
internal sealed record BenchGemmSettings(IReadOnlyList<int> Sizes, string Type, int Threads, double Seconds, bool Json);
