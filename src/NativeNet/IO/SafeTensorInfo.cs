namespace NativeNet.IO;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">The tensor name, e.g. <c>fc1.weight</c>.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The shape (empty for a scalar).</param>
/// <param name="DataBegin">Start of the data, relative to the byte buffer after the header.</param>
/// <param name="DataEnd">End (exclusive) of the data, relative to the byte buffer after the header.</param>
public sealed record SafeTensorInfo(string Name, SafeTensorsDType DType, int[] Shape, long DataBegin, long DataEnd)
{
    /// <summary>The number of elements (the product of the shape).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>The shape formatted as <c>(2, 3)</c>.</summary>
    public string ShapeString => Tensors.NdArray<float>.FormatShape(Shape);
}
