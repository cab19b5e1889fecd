using System.Reflection;
using System.Text.Json;

namespace NativeNet.Tests.CourseVectors;

/// <summary>
/// The published test vectors of the classic course homework (one optimizer step per rule, and the FC→GELU→FC
/// network's loss), embedded verbatim as <c>course-vectors.json</c>, and numpy's <c>linspace</c>, the recipe of
/// every input they start from.
/// </summary>
internal static class CourseVectorFile
{
    /// <summary>The manifest name of the embedded copy.</summary>
    public const string ResourceName = "NativeNet.Tests.CourseVectors.course-vectors.json";

    /// <summary>The homeworks accept a relative error below this against their printed values.</summary>
    public const double RelativeTolerance = 1e-7;

    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(Text()));

    /// <summary>The whole file.</summary>
    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>The vector of one optimizer rule, e.g. <c>momentum_cs231n</c>.</summary>
    public static JsonElement Rule(string name) => Root.GetProperty("rules").GetProperty(name);

    /// <summary>The embedded file's text.</summary>
    public static string Text()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The test assembly does not embed {ResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A number, or a vector or matrix flattened row-major, as printed in the file.</summary>
    public static double[] Values(JsonElement parent, string name)
    {
        var element = parent.GetProperty(name);
        if (element.ValueKind == JsonValueKind.Number) return [element.GetDouble()];
        var values = new List<double>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array) values.AddRange(item.EnumerateArray().Select(v => v.GetDouble()));
            else values.Add(item.GetDouble());
        }
        return [.. values];
    }

    /// <summary>
    /// numpy's <c>linspace(start, stop, num)</c> bit for bit: <c>i·step + start</c> with <c>step = (stop − start)/(num − 1)</c>,
    /// and the last value exactly <paramref name="stop"/>.
    /// </summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var values = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) values[i] = i * step + start;
        values[^1] = stop;
        return values;
    }
}
