using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Layers;

public class LayerNormTests
{
    [Fact]
    public void EachSampleIsNormalizedThenScaledAndShifted()
    {
        var layer = new LayerNorm<double>(4, epsilon: 0);
        NdArray<double>.FromArray(new double[] { 1.0, 2.0, 3.0, 4.0 }).CopyTo(layer.Gamma.Value);
        NdArray<double>.FromArray(new double[] { 0.0, 1.0, 0.0, -1.0 }).CopyTo(layer.Beta.Value);
        var x = NdArray<double>.FromArray(new double[,] { { 1, 2, 3, 4 }, { 10, 10, 10, 12 } });
        var y = layer.Forward(x, true);
        double std0 = Math.Sqrt(1.25);
        Assert.Equal(1 * (1 - 2.5) / std0 + 0, y[0, 0], 12);
        Assert.Equal(4 * (4 - 2.5) / std0 - 1, y[0, 3], 12);
        double std1 = Math.Sqrt(0.75);
        Assert.Equal(2 * (10 - 10.5) / std1 + 1, y[1, 1], 12);
        Assert.Equal(y.ToArray(), layer.Forward(x, false).ToArray());
    }

    [Fact]
    public void GradientCheck()
    {
        var layer = new LayerNorm<double>(5);
        var rng = new Rng(1);
        rng.FillNormal(layer.Gamma.Value.Span, 1.0, 0.3);
        rng.FillNormal(layer.Beta.Value.Span, 0.0, 0.5);
        var x = NdArray<double>.RandomNormal(rng, 2.0, 3.0, 4, 5);
        var result = NativeNet.Diagnostics.GradientCheck.CheckLayer(layer, x, new Rng(2));
        Assert.True(result.Passes(1e-6), result.ToString());
        Assert.Equal(["input", "gamma", "beta"], result.Errors.Select(e => e.Name));
    }

    [Fact]
    public void WrongFeatureCountNamesLayerAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LayerNorm<float>(4) { Name = "ln1" }.Forward(NdArray<float>.Zeros(2, 3), true));
        Assert.Contains("ln1", ex.Message);
        Assert.Contains("(2, 3)", ex.Message);
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var layer = new LayerNorm<float>(40);
        var x = NdArray<float>.RandomNormal(new Rng(3), 0f, 1f, 16, 40);
        var dy = NdArray<float>.RandomNormal(new Rng(4), 0f, 1f, 16, 40);
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { layer.Forward(x, true); layer.Backward(dy); }));
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("tanh")]
    [InlineData("leaky_relu")]
    public void GradientCheckWithFusedActivation(string activation)
    {
        var layer = new LayerNorm<double>(5, activation: (ElementwiseLayer<double>)LayerRegistry.Create<double>(activation));
        var rng = new Rng(5);
        rng.FillNormal(layer.Gamma.Value.Span, 1.0, 0.3);
        rng.FillNormal(layer.Beta.Value.Span, 0.0, 0.5);
        var x = NdArray<double>.RandomNormal(rng, 2.0, 3.0, 4, 5);
        var result = NativeNet.Diagnostics.GradientCheck.CheckLayer(layer, x, new Rng(6));
        Assert.True(result.Passes(1e-6), result.ToString());
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("sigmoid")]
    [InlineData("swish")]
    public void FusedActivationMatchesTheSeparateLayerBitForBit(string activation)
    {
        var fused = new LayerNorm<float>(37, activation: (ElementwiseLayer<float>)LayerRegistry.Create<float>(activation));
        var plain = new LayerNorm<float>(37);
        var separate = LayerRegistry.Create<float>(activation);
        var x = NdArray<float>.RandomNormal(new Rng(7), 1f, 2f, 9, 37);
        var dy = NdArray<float>.RandomNormal(new Rng(8), 0f, 1f, 9, 37);
        Assert.Equal(separate.Forward(plain.Forward(x, true), true).Span.ToArray(), fused.Forward(x, true).Span.ToArray());
        Assert.Equal(plain.Backward(separate.Backward(dy)).Span.ToArray(), fused.Backward(dy).Span.ToArray());
        Assert.Equal(plain.Gamma.Grad.Span.ToArray(), fused.Gamma.Grad.Span.ToArray());
        Assert.Equal(plain.Beta.Grad.Span.ToArray(), fused.Beta.Grad.Span.ToArray());
    }
}
