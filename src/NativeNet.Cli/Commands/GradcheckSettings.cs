namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet gradcheck</c>.</summary>
internal sealed record GradcheckSettings(IReadOnlyList<string> Layers, double? Tolerance, ulong? Seed, bool Json);
