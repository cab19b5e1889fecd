using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>Source-generated JSON metadata for <see cref="GemmBenchReport"/> (no reflection at run time).</summary>
[JsonSerializable(typeof(GemmBenchReport))]
public sealed partial class GemmBenchJsonContext : JsonSerializerContext;
