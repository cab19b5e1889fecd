using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class SgdTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(1, 0.05)]
    [InlineData(6, 0.05)]
    public void StepsMatchTheRule(int steps, double weightDecay)
    {
        var rng = new Rng(1);
        double[] w = Values(rng, Length);
        var grads = Gradients(rng, steps, Length);
        var p = Parameter("w", w);
        var sgd = new Sgd<double>([p], learningRate: 0.1, weightDecay: weightDecay);
        for (int s = 0; s < steps; s++)
        {
            SetGrad(p, grads[s]);
            sgd.Step();
            for (int i = 0; i < Length; i++) w[i] -= 0.1 * (grads[s][i] + weightDecay * w[i]);
        }
        AssertClose(w, p.Value.Span);
        Assert.Equal(steps, sgd.StepCount);
    }

    [Fact]
    public void WeightDecayEqualsAnL2PenaltyGradientExactly()
    {
        // Penalty ½·λ'·‖w‖² has gradient λ'·w, so SGD(weight_decay = wd) is SGD on g + wd·w (λ' = wd; λ = wd/2 without the ½).
        const double wd = 0.03, lr = 0.2;
        var rng = new Rng(2);
        double[] w0 = Values(rng, Length);
        var grads = Gradients(rng, 10, Length);
        var decayed = Parameter("w", w0);
        var penalized = Parameter("w", w0);
        var withDecay = new Sgd<double>([decayed], lr, weightDecay: wd);
        var onPenalty = new Sgd<double>([penalized], lr);
        for (int s = 0; s < grads.Length; s++)
        {
            SetGrad(decayed, grads[s]);
            for (int i = 0; i < Length; i++) penalized.Grad[i] = grads[s][i] + wd * penalized.Value[i];
            withDecay.Step();
            onPenalty.Step();
            AssertBitIdentical(penalized.Value.Span, decayed.Value.Span);
        }
    }

    [Fact]
    public void WeightDecaySkipsNonWeightsUnlessConfigured()
    {
        var bias = Parameter("b", [1.0, 2.0], isWeight: false);
        var sgd = new Sgd<double>([bias], learningRate: 0.5, weightDecay: 0.1);
        sgd.Step();
        Assert.Equal([1.0, 2.0], bias.Value.ToArray());

        sgd.AppliesWeightDecay = _ => true;
        sgd.Step();
        Assert.Equal([1.0 - 0.5 * 0.1 * 1.0, 2.0 - 0.5 * 0.1 * 2.0], bias.Value.ToArray());
    }

    [Fact]
    public void FloatStepMatchesDoubleRule()
    {
        var rng = new Rng(3);
        double[] w = Values(rng, 100);
        double[] g = Values(rng, 100);
        var p = new NativeNet.Layers.Parameter<float>("w", NdArray<float>.FromArray(Array.ConvertAll(w, x => (float)x)));
        for (int i = 0; i < 100; i++) p.Grad[i] = (float)g[i];
        new Sgd<float>([p], 0.1, 0.01).Step();
        for (int i = 0; i < 100; i++)
        {
            double expected = (float)w[i] - 0.1 * ((float)g[i] + 0.01 * (float)w[i]);
            Assert.True(Math.Abs(p.Value[i] - expected) <= 1e-6 * Math.Abs(expected), $"{i}: {p.Value[i]} vs {expected}");
        }
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        var p = Parameter("w", [1.0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>([p], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>([p], double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>([p], 0.1, weightDecay: -1));
        Assert.Throws<ArgumentException>(() => new Sgd<double>([], 0.1));
        Assert.Throws<ArgumentException>(() => new Sgd<double>([p, p], 0.1));
        var sgd = new Sgd<double>([p], 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = double.PositiveInfinity);
        sgd.LearningRate = 0.25;
        Assert.Equal(0.25, sgd.LearningRate);
    }
}
