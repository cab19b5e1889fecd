using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class MomentumTests
{
    private const double Lr = 0.05, Mu = 0.9, Wd = 0.01;

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 5)]
    [InlineData(true, 1)]
    [InlineData(true, 5)]
    public void ClassicMatchesTheRuleFromAGivenVelocity(bool nesterov, int steps)
    {
        var rng = new Rng(10);
        double[] w = Values(rng, Length), v = Values(rng, Length);
        var grads = Gradients(rng, steps, Length);
        var p = Parameter("w", w);
        var opt = new Momentum<double>([p], Lr, Mu, MomentumConvention.Classic, nesterov, weightDecay: Wd);
        StartFrom(opt, 7, ("w.velocity", v));
        for (int s = 0; s < steps; s++)
        {
            SetGrad(p, grads[s]);
            opt.Step();
            for (int i = 0; i < Length; i++)
            {
                double g = grads[s][i] + Wd * w[i];
                double vPrev = v[i];
                v[i] = Mu * v[i] - Lr * g;                                     // v ← μv − ηg
                w[i] = nesterov ? w[i] - Mu * vPrev + (1 + Mu) * v[i] : w[i] + v[i];  // w ← w + v, or cs231n Nesterov
            }
        }
        AssertClose(w, p.Value.Span);
        AssertClose(v, opt.GetState(p, "velocity").Span);
    }

    [Theory]
    [InlineData(false, 0.0, 1)]
    [InlineData(false, 0.0, 5)]
    [InlineData(false, 0.3, 5)]
    [InlineData(true, 0.0, 1)]
    [InlineData(true, 0.0, 5)]
    public void FrameworkMatchesTheRuleFromAGivenVelocity(bool nesterov, double dampening, int steps)
    {
        var rng = new Rng(11);
        double[] w = Values(rng, Length), v = Values(rng, Length);
        var grads = Gradients(rng, steps, Length);
        var p = Parameter("w", w);
        var opt = new Momentum<double>([p], Lr, Mu, MomentumConvention.Framework, nesterov, dampening, Wd);
        StartFrom(opt, 3, ("w.velocity", v));
        for (int s = 0; s < steps; s++)
        {
            SetGrad(p, grads[s]);
            opt.Step();
            for (int i = 0; i < Length; i++)
            {
                double g = grads[s][i] + Wd * w[i];
                v[i] = Mu * v[i] + (1 - dampening) * g;              // v ← μv + (1 − d)g
                w[i] -= Lr * (nesterov ? g + Mu * v[i] : v[i]);      // w ← w − ηv, or w ← w − η(g + μv)
            }
        }
        AssertClose(w, p.Value.Span);
        AssertClose(v, opt.GetState(p, "velocity").Span);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void FrameworkFirstStepSetsVelocityToTheGradient(bool nesterov, bool presetVelocity)
    {
        var rng = new Rng(12);
        double[] w = Values(rng, Length), g = Values(rng, Length), v = Values(rng, Length);
        var p = Parameter("w", w);
        var opt = new Momentum<double>([p], Lr, Mu, MomentumConvention.Framework, nesterov, dampening: nesterov ? 0 : 0.5);
        // PyTorch semantics: the first step (t = 1) starts the velocity afresh, so one imported at step 0 is ignored.
        if (presetVelocity) StartFrom(opt, 0, ("w.velocity", v));
        SetGrad(p, g);
        opt.Step();
        var expected = new double[Length];
        for (int i = 0; i < Length; i++) expected[i] = w[i] - Lr * (nesterov ? g[i] + Mu * g[i] : g[i]);  // PyTorch: v = g, no dampening
        AssertClose(expected, p.Value.Span);
        AssertClose(g, opt.GetState(p, "velocity").Span);
    }

    [Fact]
    public void ConventionsAgreeForAConstantRateAndDifferWhenItChanges()
    {
        var rng = new Rng(13);
        double[] w0 = Values(rng, Length);
        var grads = Gradients(rng, 8, Length);
        var classic = Parameter("w", w0);
        var framework = Parameter("w", w0);
        var a = new Momentum<double>([classic], Lr, Mu, MomentumConvention.Classic);
        var b = new Momentum<double>([framework], Lr, Mu, MomentumConvention.Framework);
        for (int s = 0; s < 4; s++)
        {
            SetGrad(classic, grads[s]);
            SetGrad(framework, grads[s]);
            a.Step();
            b.Step();
        }
        AssertClose(classic.Value.Span, framework.Value.Span, 1e-13);
        a.LearningRate = b.LearningRate = Lr / 10;
        SetGrad(classic, grads[4]);
        SetGrad(framework, grads[4]);
        a.Step();
        b.Step();
        // Classic velocity still carries the old rate; framework velocity is rescaled by the new one.
        Assert.True(Math.Abs(classic.Value[0] - framework.Value[0]) > 1e-4);
    }

    [Fact]
    public void InvalidOptionsThrow()
    {
        var p = Parameter("w", [1.0]);
        Assert.Throws<ArgumentException>(() => new Momentum<double>([p], 0.1, 0.9, MomentumConvention.Classic, dampening: 0.1));
        Assert.Throws<ArgumentException>(() => new Momentum<double>([p], 0.1, 0.9, MomentumConvention.Framework, nesterov: true, dampening: 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum<double>([p], 0.1, momentum: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum<double>([p], 0.1, momentum: -0.1));
    }
}
