namespace NativeNet.Onnx;

/// <summary>A model holds a layer that has no ONNX form; the message names the layer and its position.</summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>Creates the exception with a message naming the layer at fault.</summary>
    public OnnxExportException(string message) : base(message)
    {
    }
}
