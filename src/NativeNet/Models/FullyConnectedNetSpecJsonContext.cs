using System.Text.Json.Serialization;

namespace NativeNet.Models;

/// <summary>
/// The checkpoint's architecture JSON, source-generated so that reading and writing it needs no reflection (trimmed
/// and NativeAOT apps): snake_case keys and enum values, one line.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = false,
    Converters = [typeof(SnakeCaseEnumConverter<Normalization>), typeof(SnakeCaseEnumConverter<WeightInitialization>)])]
[JsonSerializable(typeof(FullyConnectedNetSpec))]
internal sealed partial class FullyConnectedNetSpecJsonContext : JsonSerializerContext;
