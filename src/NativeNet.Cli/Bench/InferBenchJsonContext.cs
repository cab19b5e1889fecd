using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>Source-generated JSON metadata for <see cref="InferBenchReport"/> (no reflection at run time).</summary>
[JsonSerializable(typeof(InferBenchReport))]
public sealed partial class InferBenchJsonContext : JsonSerializerContext;
