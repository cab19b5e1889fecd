namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet experiment NAME</c>.</summary>
internal sealed record ExperimentSettings(string Name, string OutDirectory, ulong Seed, int Epochs, bool Json);
