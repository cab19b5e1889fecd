namespace NativeNet.Onnx.Graph;

/// <summary>An operator attribute: an integer or a float (the only kinds the exported operators take).</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, double value) => new(name, Float: (float)value);
}
