using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Tests.Diagnostics;

public class AnomalyModeTests
{
    private static Sequential<float> Model(ulong seed)
    {
        var rng = new Rng(seed);
        return new Sequential<float>(new Linear<float>(4, 5, rng), new BatchNorm<float>(5), new Linear<float>(5, 3, rng));
    }

    [Fact]
    public void ForwardNaNNamesTheFirstLayerThatMadeIt()
    {
        var model = Model(1);
        model.Parameters.Single(p => p.Name == "fc2.weight").Value[0] = float.NaN;
        var x = NdArray<float>.RandomNormal(new Rng(2), 0f, 1f, 6, 4);
        Assert.False(model.Forward(x, true).IsAllFinite()); // off by default: no check, no exception
        model.DetectAnomaly = true;
        var ex = Assert.Throws<AnomalyException>(() => model.Forward(x, true));
        Assert.Equal("fc2", ex.LayerName);
        Assert.Equal(AnomalyPhase.Forward, ex.Phase);
        Assert.Null(ex.ParameterName);
        Assert.Contains("fc2", ex.Message);
        Assert.Contains("forward", ex.Message);
    }

    [Fact]
    public void NonFiniteInputIsBlamedOnTheInput()
    {
        var model = Model(3);
        model.DetectAnomaly = true;
        var x = NdArray<float>.Zeros(6, 4);
        x[5] = float.PositiveInfinity;
        Assert.Equal("input", Assert.Throws<AnomalyException>(() => model.Forward(x, true)).LayerName);
    }

    [Fact]
    public void BackwardParameterGradientOverflowNamesTheParameter()
    {
        // dW = Xᵀ·dY overflows float while dX = dY·Wᵀ (tiny W) stays finite.
        var model = new Sequential<float>(new Linear<float>(4, 3, new Rng(4)));
        model.Parameters[0].Value.Fill(1e-3f);
        model.DetectAnomaly = true;
        model.Forward(NdArray<float>.Full(100f, 4, 4), true);
        var ex = Assert.Throws<AnomalyException>(() => model.Backward(NdArray<float>.Full(1e38f, 4, 3)));
        Assert.Equal("fc1", ex.LayerName);
        Assert.Equal(AnomalyPhase.Backward, ex.Phase);
        Assert.Equal("fc1.weight", ex.ParameterName);
        Assert.Contains("fc1.weight", ex.Message);
    }

    [Fact]
    public void BackwardInputGradientNaNNamesTheLayer()
    {
        var model = new Sequential<float>(new Linear<float>(4, 3, new Rng(5)), new NaNGradientLayer());
        model.DetectAnomaly = true;
        model.Forward(NdArray<float>.Zeros(2, 4), true);
        var ex = Assert.Throws<AnomalyException>(() => model.Backward(NdArray<float>.Zeros(2, 3)));
        Assert.Equal("nangradientlayer1", ex.LayerName);
        Assert.Equal(AnomalyPhase.Backward, ex.Phase);
        Assert.Null(ex.ParameterName);
    }

    [Fact]
    public void NonFiniteLossIsReported()
    {
        var model = new Sequential<float>(new Linear<float>(2, 2, new Rng(6)));
        model.Parameters[0].Value.Fill(1e19f);
        model.DetectAnomaly = true;
        var ex = Assert.Throws<AnomalyException>(() =>
            model.ComputeLoss(NdArray<float>.Full(1f, 2, 2), NdArray<float>.Zeros(2, 2), new MeanSquaredErrorLoss<float>()));
        Assert.Equal(AnomalyPhase.Loss, ex.Phase);
        Assert.Contains("MeanSquaredErrorLoss", ex.LayerName);
    }

    private sealed class NaNGradientLayer : Layer<float>
    {
        private NdArray<float>? _gradient;

        public override NdArray<float> Forward(NdArray<float> input, bool training)
        {
            _gradient = NdArray<float>.Full(float.NaN, input.Shape.ToArray());
            return input;
        }

        public override NdArray<float> Backward(NdArray<float> gradOutput) => _gradient!;

        public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
    }
}
