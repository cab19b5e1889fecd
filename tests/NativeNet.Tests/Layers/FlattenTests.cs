using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Layers;

public class FlattenTests
{
    [Fact]
    public void FlattensWithoutCopyingAndRestoresShapeInBackward()
    {
        var layer = new Flatten<double>();
        var x = NdArray<double>.RandomNormal(new Rng(1), 0.0, 1.0, 4, 2, 3);
        var y = layer.Forward(x, true);
        Assert.Equal([4, 6], y.Shape.ToArray());
        Assert.True(y.SharesStorageWith(x));
        Assert.Equal(x.ToArray(), y.ToArray());
        var dx = layer.Backward(NdArray<double>.RandomNormal(new Rng(2), 0.0, 1.0, 4, 6));
        Assert.Equal([4, 2, 3], dx.Shape.ToArray());
        Assert.Equal([4, 6], layer.OutputShape([4, 2, 3]));
    }

    [Fact]
    public void GradientCheck()
    {
        var x = NdArray<double>.RandomNormal(new Rng(3), 0.0, 1.0, 3, 2, 2);
        var result = NativeNet.Diagnostics.GradientCheck.CheckLayer(new Flatten<double>(), x, new Rng(4));
        Assert.True(result.Passes(1e-7), result.ToString());
    }

    [Fact]
    public void SameBufferEveryStepAllocatesNothing()
    {
        var layer = new Flatten<float>();
        var x = NdArray<float>.Zeros(8, 2, 3);
        var dy = NdArray<float>.Zeros(8, 6);
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { layer.Forward(x, true); layer.Backward(dy); }));
    }

    [Fact]
    public void ScalarBatchIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Flatten<float> { Name = "flat" }.Forward(NdArray<float>.Zeros(3), true));
        Assert.Contains("flat", ex.Message);
        Assert.Contains("(3,)", ex.Message);
    }
}
