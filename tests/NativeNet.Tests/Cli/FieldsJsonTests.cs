using System.Text.Json;
using NativeNet.Cli.Console;

namespace NativeNet.Tests.Cli;

/// <summary>The CLI's reflection-free JSON writes exactly what the reflection-based serializer wrote before it.</summary>
public sealed class FieldsJsonTests
{
    [Fact]
    public void Matches_the_serializer_for_every_shape_the_commands_write()
    {
        var fields = new Dictionary<string, object?>
        {
            ["int"] = 3,
            ["long"] = 1L << 40,
            ["ulong"] = ulong.MaxValue,
            ["double"] = 0.1 + 0.2,
            ["float"] = 1.5f,
            ["nullable"] = (double?)null,
            ["bool"] = true,
            ["text"] = "a \"quoted\" <tag> & é",
            ["doubles"] = new[] { 1e-300, -0.0, 2.5 },
            ["maybe"] = new double?[] { null, 1 },
            ["matrix"] = new[] { new long[] { 1, 2 }, new long[] { 3, 4 } },
            ["names"] = new List<string> { "a", "b" },
            ["nested"] = new[] { new Dictionary<string, object> { ["x"] = 1, ["y"] = new Dictionary<string, double> { ["z"] = 2 } } },
            ["row"] = new object?[] { "lr", 0.01, 3, null },
        };
        Assert.Equal(JsonSerializer.Serialize(fields), FieldsJson.Serialize(fields));
    }

    [Fact]
    public void Rejects_a_value_without_a_json_form()
    {
        var error = Assert.Throws<NotSupportedException>(() => FieldsJson.Serialize(new Dictionary<string, object> { ["when"] = DateTime.UnixEpoch }));
        Assert.Contains(nameof(DateTime), error.Message);
    }
}
