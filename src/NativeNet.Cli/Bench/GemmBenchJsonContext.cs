using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>Source-generated JSON metadata for the bench results (no reflection at run time).</summary>
[JsonSerializable(typeof(List<GemmBenchResult>))]
public sealed partial class GemmBenchJsonContext : JsonSerializerContext;
