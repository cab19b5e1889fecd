using System.Text.Json.Serialization;

namespace NativeNet.Cli.Bench;

/// <summary>Source-generated JSON metadata for <see cref="TrainBenchResult"/> (no reflection at run time).</summary>
[JsonSerializable(typeof(TrainBenchResult))]
public sealed partial class TrainBenchJsonContext : JsonSerializerContext;
