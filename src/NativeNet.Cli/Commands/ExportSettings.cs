namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet export model</c> and <c>export pytorch</c>.</summary>
/// <param name="Model">A model file, checkpoint or <c>train --out</c> directory.</param>
/// <param name="Output">The file to write.</param>
internal sealed record ExportSettings(string Model, string Output);
