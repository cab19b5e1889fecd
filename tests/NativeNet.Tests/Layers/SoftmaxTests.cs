using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Layers;

public class SoftmaxTests
{
    [Fact]
    public void RowsAreProbabilitiesAndMatchHandComputation()
    {
        var x = NdArray<double>.FromArray(new double[,] { { 1, 2, 3 }, { 0, 0, 0 } });
        var y = new Softmax<double>().Forward(x, false);
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal(Math.Exp(1) / z, y[0, 0], 14);
        Assert.Equal(Math.Exp(3) / z, y[0, 2], 14);
        Assert.Equal(1.0 / 3, y[1, 1], 14);
    }

    [Fact]
    public void LargeFloatLogitsDoNotOverflow()
    {
        var x = NdArray<float>.FromArray(new float[,] { { 1e4f, -1e4f, 1e4f - 1 }, { -1e4f, -1e4f, -1e4f } });
        var y = new Softmax<float>().Forward(x, false);
        Assert.True(y.IsAllFinite());
        Assert.Equal(1 / (1 + MathF.Exp(-1)), y[0, 0], 5);
        Assert.Equal(1f / 3, y[1, 2], 6);
    }

    [Fact]
    public void GradientCheck()
    {
        var x = NdArray<double>.RandomNormal(new Rng(1), 0.0, 2.0, 4, 5);
        var result = NativeNet.Diagnostics.GradientCheck.CheckLayer(new Softmax<double>(), x, new Rng(2));
        Assert.True(result.Passes(1e-7), result.ToString());
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var layer = new Softmax<float>();
        var x = NdArray<float>.RandomNormal(new Rng(3), 0f, 1f, 8, 10);
        var dy = NdArray<float>.RandomNormal(new Rng(4), 0f, 1f, 8, 10);
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { layer.Forward(x, true); layer.Backward(dy); }));
    }
}
