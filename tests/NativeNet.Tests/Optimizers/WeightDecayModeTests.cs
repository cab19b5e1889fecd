using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class WeightDecayModeTests
{
    [Fact]
    public void UnscaledSgdMatchesAHandComputation()
    {
        // θ ← θ − η·∇J − λ·θ with η = 0.1, λ = 0.01: 1 − 0.1·0.5 − 0.01·1 = 0.94 and −2 − 0.1·0.25 + 0.01·2 = −2.005.
        var p = Parameter("w", [1.0, -2.0]);
        var sgd = new Sgd<double>([p], learningRate: 0.1, weightDecay: 0.01) { WeightDecayMode = WeightDecayMode.Unscaled };
        SetGrad(p, [0.5, 0.25]);
        sgd.Step();
        AssertClose([0.94, -2.005], p.Value.Span, 1e-15);
    }

    [Fact]
    public void UnscaledSgdFollowsTheRuleOverManySteps()
    {
        const double lr = 0.2, wd = 0.03;
        var rng = new Rng(5);
        double[] w = Values(rng, Length);
        var grads = Gradients(rng, 6, Length);
        var p = Parameter("w", w);
        var sgd = new Sgd<double>([p], lr, wd) { WeightDecayMode = WeightDecayMode.Unscaled };
        foreach (var g in grads)
        {
            SetGrad(p, g);
            sgd.Step();
            for (int i = 0; i < Length; i++) w[i] = w[i] - lr * g[i] - wd * w[i];
        }
        AssertClose(w, p.Value.Span);
    }

    [Fact]
    public void DecoupledSgdScalesTheDecayByTheLearningRate()
    {
        const double lr = 0.2, wd = 0.03;
        var rng = new Rng(6);
        double[] w = Values(rng, Length);
        var grads = Gradients(rng, 6, Length);
        var p = Parameter("w", w);
        var sgd = new Sgd<double>([p], lr, wd) { WeightDecayMode = WeightDecayMode.Decoupled };
        foreach (var g in grads)
        {
            SetGrad(p, g);
            sgd.Step();
            for (int i = 0; i < Length; i++) w[i] = w[i] * (1 - lr * wd) - lr * g[i];
        }
        AssertClose(w, p.Value.Span);
    }

    [Fact]
    public void UnscaledMomentumShrinksTheWeightsBeforeTheStep()
    {
        // First step from zero velocity: v = −η·g, so w ← w·(1 − λ) − η·g.
        var p = Parameter("w", [1.0, -2.0]);
        var momentum = new Momentum<double>([p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01) { WeightDecayMode = WeightDecayMode.Unscaled };
        SetGrad(p, [0.5, 0.25]);
        momentum.Step();
        AssertClose([0.94, -2.005], p.Value.Span, 1e-15);
    }

    [Fact]
    public void UnscaledAdamIsAdamOnWeightsShrunkByOneMinusLambda()
    {
        const double wd = 0.05;
        var rng = new Rng(7);
        double[] w0 = Values(rng, Length);
        var grads = Gradients(rng, 5, Length);
        var decayed = Parameter("w", w0);
        var shrunk = Parameter("w", w0);
        var unscaled = new Adam<double>([decayed], 1e-2, weightDecay: wd) { WeightDecayMode = WeightDecayMode.Unscaled };
        var plain = new Adam<double>([shrunk], 1e-2);
        foreach (var g in grads)
        {
            SetGrad(decayed, g);
            SetGrad(shrunk, g);
            for (int i = 0; i < Length; i++) shrunk.Value[i] *= 1 - wd;
            unscaled.Step();
            plain.Step();
            AssertBitIdentical(shrunk.Value.Span, decayed.Value.Span);
        }
    }

    [Fact]
    public void AdamWithDecoupledModeIsAdamW()
    {
        var rng = new Rng(8);
        double[] w0 = Values(rng, Length);
        var grads = Gradients(rng, 5, Length);
        var a = Parameter("w", w0);
        var b = Parameter("w", w0);
        var adam = new Adam<double>([a], 1e-2, weightDecay: 0.1) { WeightDecayMode = WeightDecayMode.Decoupled };
        var adamW = new AdamW<double>([b], 1e-2, weightDecay: 0.1);
        Assert.Equal(WeightDecayMode.Decoupled, adamW.WeightDecayMode);
        Assert.True(adam.DecoupledWeightDecay);
        foreach (var g in grads)
        {
            SetGrad(a, g);
            SetGrad(b, g);
            adam.Step();
            adamW.Step();
        }
        AssertBitIdentical(b.Value.Span, a.Value.Span);
    }

    [Fact]
    public void UnscaledDecaySkipsBiases()
    {
        var bias = Parameter("b", [1.0, 2.0], isWeight: false);
        var sgd = new Sgd<double>([bias], learningRate: 0.5, weightDecay: 0.1) { WeightDecayMode = WeightDecayMode.Unscaled };
        sgd.Step();
        Assert.Equal([1.0, 2.0], bias.Value.ToArray());
    }

    [Fact]
    public void DefaultsAreCoupledExceptAdamW()
    {
        var p = Parameter("w", [1.0]);
        Assert.Equal(WeightDecayMode.Coupled, new Sgd<double>([p], 0.1).WeightDecayMode);
        Assert.Equal(WeightDecayMode.Coupled, new Adam<double>([p]).WeightDecayMode);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>([p], 0.1) { WeightDecayMode = (WeightDecayMode)7 });
    }
}
