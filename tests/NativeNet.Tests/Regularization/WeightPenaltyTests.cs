using NativeNet.Layers;
using NativeNet.Regularization;
using NativeNet.Tensors;

namespace NativeNet.Tests.Regularization;

public class WeightPenaltyTests
{
    private static Parameter<double>[] Parameters() =>
    [
        new("weight", NdArray<double>.FromArray(new double[,] { { 1, -2 }, { 0, 3 } })),
        new("bias", NdArray<double>.FromArray(new double[] { 5, -7 }), isWeight: false),
    ];

    [Fact]
    public void HalfSquaredNormIsTheCs231nConvention()
    {
        var ps = Parameters();
        double penalty = WeightPenalty.WithL2(0.1, L2PenaltyConvention.HalfSquaredNorm).Apply(ps);
        Assert.Equal(0.5 * 0.1 * (1 + 4 + 0 + 9), penalty, 14);
        Assert.Equal(new[] { 0.1, -0.2, 0, 0.3 }, ps[0].Grad.ToArray().Select(g => Math.Round(g, 14)));
        Assert.Equal(new[] { 0.0, 0.0 }, ps[1].Grad.ToArray());
    }

    [Fact]
    public void SquaredNormHasNoHalf()
    {
        var ps = Parameters();
        double penalty = WeightPenalty.WithL2(0.1, L2PenaltyConvention.SquaredNorm).Apply(ps);
        Assert.Equal(0.1 * 14, penalty, 14);
        Assert.Equal(new[] { 0.2, -0.4, 0, 0.6 }, ps[0].Grad.ToArray().Select(g => Math.Round(g, 14)));
    }

    [Fact]
    public void L1UsesSignWithZeroAtZero()
    {
        var ps = Parameters();
        double penalty = WeightPenalty.WithL1(0.5).Apply(ps);
        Assert.Equal(0.5 * (1 + 2 + 0 + 3), penalty, 14);
        Assert.Equal(new[] { 0.5, -0.5, 0, 0.5 }, ps[0].Grad.ToArray());
    }

    [Fact]
    public void CombinedIncludingBiasesAndGradientsAccumulate()
    {
        var ps = Parameters();
        ps[0].Grad.Fill(1.0);
        var penalty = new WeightPenalty { L2 = 0.2, L1 = 0.1, IncludeNonWeights = true };
        double value = penalty.Apply(ps);
        Assert.Equal(0.5 * 0.2 * (14 + 25 + 49) + 0.1 * (6 + 12), value, 12);
        Assert.Equal(1 + 0.2 * 1 + 0.1, ps[0].Grad[0], 14);
        Assert.Equal(0.2 * -7 - 0.1, ps[1].Grad[1], 14);
    }

    [Fact]
    public void PenaltyLeavesGradientsAlone()
    {
        var ps = Parameters();
        Assert.Equal(0.7, WeightPenalty.WithL2(0.1, L2PenaltyConvention.HalfSquaredNorm).Penalty(ps), 14);
        Assert.All(ps, p => Assert.All(p.Grad.ToArray(), g => Assert.Equal(0.0, g)));
    }

    [Fact]
    public void NegativeOrNaNStrengthIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightPenalty.WithL2(-1, L2PenaltyConvention.SquaredNorm));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightPenalty.WithL1(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightPenalty { L2 = -0.5 }.Penalty(Parameters()));
    }
}
