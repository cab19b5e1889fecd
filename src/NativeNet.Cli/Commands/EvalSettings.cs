namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet eval</c>.</summary>
internal sealed record EvalSettings(string Checkpoint, DataSpec? Data, int BatchSize, bool Json);
