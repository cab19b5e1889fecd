using System.Text.Json;
using System.Text.Json.Serialization;

namespace NativeNet.Models;

/// <summary>
/// Writes and reads <typeparamref name="TEnum"/> as its snake_case member name (<c>he</c>, <c>batch</c>); a source
/// generation context names converters by type, so the naming policy comes with a parameterless constructor.
/// </summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower)
    where TEnum : struct, Enum;
