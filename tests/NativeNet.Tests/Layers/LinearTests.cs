using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Layers;

public class LinearTests
{
    [Fact]
    public void ForwardIsXTimesWPlusB()
    {
        var layer = new Linear<double>(3, 2, new Rng(1));
        NdArray<double>.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }).CopyTo(layer.Weight.Value);
        NdArray<double>.FromArray(new double[] { 0.5, -1.0 }).CopyTo(layer.Bias!.Value);
        var x = NdArray<double>.FromArray(new double[,] { { 1, 0, -1 }, { 2, 1, 0 } });
        var y = layer.Forward(x, training: true);
        // Row 0: (1−5, 2−6) + b = (−3.5, −5); row 1: (2+3, 4+4) + b = (5.5, 7).
        Assert.Equal([-3.5, -5.0, 5.5, 7.0], y.ToArray());
    }

    [Fact]
    public void BackwardMatchesHandComputation()
    {
        var layer = new Linear<double>(2, 2, new Rng(1));
        NdArray<double>.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }).CopyTo(layer.Weight.Value);
        var x = NdArray<double>.FromArray(new double[,] { { 1, 2 } });
        layer.Forward(x, true);
        var dy = NdArray<double>.FromArray(new double[,] { { 1, -1 } });
        var dx = layer.Backward(dy);
        Assert.Equal([1 - 2.0, 3 - 4.0], dx.ToArray());          // dY·Wᵀ
        Assert.Equal([1.0, -1.0, 2.0, -2.0], layer.Weight.Grad.ToArray()); // Xᵀ·dY
        Assert.Equal([1.0, -1.0], layer.Bias!.Grad.ToArray());
        // Gradients accumulate across backward calls.
        layer.Backward(dy);
        Assert.Equal([2.0, -2.0, 4.0, -4.0], layer.Weight.Grad.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientCheck2D(bool bias)
    {
        var layer = new Linear<double>(5, 3, new Rng(10), bias);
        var x = NdArray<double>.RandomNormal(new Rng(11), 0.0, 1.0, 4, 5);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(12));
        Assert.True(result.Passes(1e-7), result.ToString());
        Assert.Equal(bias ? 3 : 2, result.Errors.Count);
    }

    [Fact]
    public void GradientCheckHigherRankInputIsFlattened()
    {
        var layer = new Linear<double>(6, 4, new Rng(13));
        var x = NdArray<double>.RandomNormal(new Rng(14), 0.0, 1.0, 3, 2, 3);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(15));
        Assert.True(result.Passes(1e-7), result.ToString());
        Assert.Equal([3, 4], layer.Forward(x, true).Shape.ToArray());
        Assert.Equal([3, 2, 3], layer.Backward(NdArray<double>.Zeros(3, 4)).Shape.ToArray());
    }

    [Fact]
    public void LoadPyTorchWeightTransposesOnce()
    {
        var rng = new Rng(20);
        var layer = new Linear<double>(4, 3, rng);
        var torchWeight = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 3, 4);
        var torchBias = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 3);
        layer.LoadPyTorchWeight(torchWeight, torchBias);
        var x = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 2, 4);
        var y = layer.Forward(x, false);
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 3; o++)
            {
                double expected = torchBias[o];
                for (int i = 0; i < 4; i++) expected += torchWeight[o, i] * x[n, i];
                Assert.Equal(expected, y[n, o], 12);
            }
        var ex = Assert.Throws<ArgumentException>(() => layer.LoadPyTorchWeight(NdArray<double>.Zeros(4, 3), null));
        Assert.Contains("(3, 4)", ex.Message);
        Assert.Contains("(4, 3)", ex.Message);
    }

    [Fact]
    public void DefaultInitIsPyTorchUniformAndWeightScaleIsNormal()
    {
        var layer = new Linear<double>(100, 50, new Rng(21));
        double bound = 1 / Math.Sqrt(100);
        Assert.All(layer.Weight.Value.ToArray(), w => Assert.InRange(w, -bound, bound));
        Assert.All(layer.Bias!.Value.ToArray(), b => Assert.InRange(b, -bound, bound));
        var scaled = new Linear<double>(100, 50, new Rng(21), weightScale: 1e-3);
        Assert.All(scaled.Bias!.Value.ToArray(), b => Assert.Equal(0.0, b));
        double std = Math.Sqrt(scaled.Weight.Value.ToArray().Select(w => w * w).Average());
        Assert.InRange(std, 0.9e-3, 1.1e-3);
        Assert.True(layer.Weight.IsWeight);
        Assert.False(layer.Bias.IsWeight);
    }

    [Fact]
    public void WrongFeatureCountNamesLayerAndShapes()
    {
        var layer = new Linear<float>(5, 3, new Rng(1)) { Name = "fc1" };
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(NdArray<float>.Zeros(4, 6), true));
        Assert.Contains("fc1", ex.Message);
        Assert.Contains("(N, 5)", ex.Message);
        Assert.Contains("(4, 6)", ex.Message);
        var rank = Assert.Throws<ArgumentException>(() => layer.Forward(NdArray<float>.Zeros(5), true));
        Assert.Contains("(5,)", rank.Message);
        Assert.Throws<ArgumentException>(() => layer.OutputShape([2, 7]));
    }

    [Fact]
    public void BackwardBeforeForwardAndWrongGradientShapeAreClear()
    {
        var layer = new Linear<float>(5, 3, new Rng(1));
        Assert.Throws<InvalidOperationException>(() => layer.Backward(NdArray<float>.Zeros(4, 3)));
        layer.Forward(NdArray<float>.Zeros(4, 5), true);
        var ex = Assert.Throws<ArgumentException>(() => layer.Backward(NdArray<float>.Zeros(4, 2)));
        Assert.Contains("(4, 3)", ex.Message);
        Assert.Contains("(4, 2)", ex.Message);
    }

    [Fact]
    public void SmallerLastBatchReusesStorageAndSteadyStateAllocatesNothing()
    {
        var rng = new Rng(30);
        var layer = new Linear<float>(64, 32, rng);
        var full = NdArray<float>.RandomNormal(rng, 0f, 1f, 16, 64);
        var partial = full.Slice(0, 5);
        var y16 = layer.Forward(full, true);
        var y5 = layer.Forward(partial, true);
        Assert.True(y16.SharesStorageWith(y5));
        Assert.Equal([5, 32], y5.Shape.ToArray());
        var dy = NdArray<float>.RandomNormal(rng, 0f, 1f, 16, 32);
        long bytes = AllocationProbe.BytesPerRun(() =>
        {
            layer.Forward(full, true);
            layer.Backward(dy);
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void FloatMatchesDouble()
    {
        var rng = new Rng(40);
        var d = new Linear<double>(7, 5, rng);
        var f = new Linear<float>(7, 5, new Rng(0));
        d.Weight.Value.Cast<float>().CopyTo(f.Weight.Value);
        d.Bias!.Value.Cast<float>().CopyTo(f.Bias!.Value);
        var x = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 3, 7);
        var yd = d.Forward(x, true);
        var yf = f.Forward(x.Cast<float>(), true).Cast<double>();
        Assert.True(GradientCheck.RelativeError(yd, yf) < 1e-5);
    }
}
