namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet bench train</c>.</summary>
internal sealed record BenchTrainSettings(DataSpec Data, IReadOnlyList<int> Hidden, int BatchSize, int Threads, int Epochs, bool Json);
