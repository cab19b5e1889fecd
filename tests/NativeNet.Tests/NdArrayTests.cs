using NativeNet.Tensors;

namespace NativeNet.Tests;

public class NdArrayTests
{
    [Fact]
    public void ShapeMismatchNamesBothShapes()
    {
        var a = NdArray<float>.Zeros(2, 3);
        var b = NdArray<float>.Zeros(3, 2);
        var ex = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(3, 2)", ex.Message);
    }
}
