using System.Collections;
using System.Text;
using System.Text.Json;

namespace NativeNet.Cli.Console;

/// <summary>
/// Writes the CLI's loosely typed JSON — dictionaries of fields (<c>--json</c> lines, summaries, checkpoint metadata)
/// holding numbers, strings, booleans, nulls, lists and nested dictionaries — with a <see cref="Utf8JsonWriter"/>, so
/// that no reflection is needed (the NativeAOT build). The text equals what <see cref="JsonSerializer"/> writes.
/// </summary>
internal static class FieldsJson
{
    /// <summary>One line of JSON for <paramref name="value"/>.</summary>
    /// <exception cref="NotSupportedException">A value of a type other than those above.</exception>
    public static string Serialize(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) Write(writer, value);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case ulong u: writer.WriteNumberValue(u); break;
            case double d: writer.WriteNumberValue(d); break;
            case float f: writer.WriteNumberValue(f); break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName((string)entry.Key);
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (object? item in items) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new NotSupportedException($"No JSON form for a {value.GetType().Name} value.");
        }
    }
}
