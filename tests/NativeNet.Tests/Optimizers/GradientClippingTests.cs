using NativeNet.Optimizers;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class GradientClippingTests
{
    [Fact]
    public void ScalesAllGradientsByOneFactorAndReturnsThePreClipNorm()
    {
        var a = Parameter("a", [0.0, 0.0]);
        var b = Parameter("b", [0.0, 0.0, 0.0], isWeight: false);
        SetGrad(a, [3.0, 0.0]);
        SetGrad(b, [0.0, 4.0, 12.0]);
        double norm = GradientClipping.ClipByGlobalNorm([a, b], maxNorm: 1.3);
        Assert.Equal(13.0, norm, 12);
        double scale = 1.3 / (13.0 + 1e-6);
        AssertClose([3.0 * scale, 0.0], a.Grad.Span);
        AssertClose([0.0, 4.0 * scale, 12.0 * scale], b.Grad.Span);
        Assert.True(GradientClipping.GlobalNorm([a, b]) <= 1.3);
    }

    [Fact]
    public void LeavesSmallGradientsUnchanged()
    {
        var a = Parameter("a", [0.0, 0.0]);
        SetGrad(a, [0.3, 0.4]);
        var sgd = new Sgd<double>([a], 0.1);
        Assert.Equal(0.5, sgd.ClipGradientNorm(1.0), 15);
        Assert.Equal([0.3, 0.4], a.Grad.ToArray());
    }

    [Fact]
    public void NonFiniteGradientThrowsNamingTheParameter()
    {
        var a = Parameter("fc1.weight", [0.0, 0.0]);
        var b = Parameter("fc2.weight", [0.0]);
        SetGrad(b, [double.NaN]);
        var ex = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm([a, b], 1.0));
        Assert.Contains("fc2.weight", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([a], 0.0));
    }
}
