using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class AdamTests
{
    private const double Lr = 1e-2, B1 = 0.9, B2 = 0.999, Eps = 1e-8;

    /// <summary>The written rule, one step, in double.</summary>
    private static void ReferenceStep(double[] w, double[] grad, double[] m, double[] v, double[] vMax, long t,
        double wd, bool decoupled, bool amsGrad, bool epsInside)
    {
        for (int i = 0; i < w.Length; i++)
        {
            if (decoupled) w[i] -= Lr * wd * w[i];                 // w ← w − ηλw (AdamW)
            double g = grad[i] + (decoupled ? 0 : wd * w[i]);     // g ← g + λw (Adam, coupled)
            m[i] = B1 * m[i] + (1 - B1) * g;
            v[i] = B2 * v[i] + (1 - B2) * g * g;
            double second = v[i];
            if (amsGrad) second = vMax[i] = Math.Max(vMax[i], v[i]);
            double mHat = m[i] / (1 - Math.Pow(B1, t));
            double vHat = second / (1 - Math.Pow(B2, t));
            w[i] -= Lr * mHat / (epsInside ? Math.Sqrt(vHat + Eps) : Math.Sqrt(vHat) + Eps);
        }
    }

    [Theory]
    [InlineData(0L, 1, 0.0, false, false, false)]
    [InlineData(0L, 6, 0.0, false, false, false)]
    [InlineData(9L, 1, 0.0, false, false, false)]
    [InlineData(9L, 6, 0.05, false, false, false)]
    [InlineData(9L, 6, 0.0, false, false, true)]
    [InlineData(0L, 6, 0.0, false, true, false)]
    [InlineData(9L, 6, 0.0, false, true, true)]
    [InlineData(0L, 1, 0.05, true, false, false)]
    [InlineData(9L, 6, 0.05, true, false, false)]
    [InlineData(9L, 6, 0.05, true, true, true)]
    [InlineData(39_975L, 10, 0.0, false, false, false)]   // crosses the step where 1 − β₂ᵗ rounds to exactly 1
    [InlineData(1_000_000L, 3, 0.05, true, true, false)]
    public void StepsMatchTheRuleFromAGivenState(long startStep, int steps, double wd, bool decoupled, bool amsGrad, bool epsInside)
    {
        var rng = new Rng(30);
        double[] w = Values(rng, Length);
        double[] m = startStep == 0 ? new double[Length] : Array.ConvertAll(Values(rng, Length), x => 0.1 * x);
        double[] v = startStep == 0 ? new double[Length] : Array.ConvertAll(Values(rng, Length), x => 0.01 * x * x);
        double[] vMax = startStep == 0 ? new double[Length] : Array.ConvertAll(v, x => 1.5 * x);
        var grads = Gradients(rng, steps, Length);
        var p = Parameter("w", w);
        Adam<double> opt = decoupled
            ? new AdamW<double>([p], Lr, B1, B2, Eps, wd, amsGrad, epsInside)
            : new Adam<double>([p], Lr, B1, B2, Eps, wd, amsGrad, epsInside);
        if (amsGrad) StartFrom(opt, startStep, ("w.m", m), ("w.v", v), ("w.v_max", vMax));
        else StartFrom(opt, startStep, ("w.m", m), ("w.v", v));
        for (int s = 0; s < steps; s++)
        {
            SetGrad(p, grads[s]);
            opt.Step();
            ReferenceStep(w, grads[s], m, v, vMax, startStep + s + 1, wd, decoupled, amsGrad, epsInside);
        }
        Assert.Equal(startStep + steps, opt.StepCount);
        AssertClose(w, p.Value.Span);
        AssertClose(m, opt.GetState(p, "m").Span);
        AssertClose(v, opt.GetState(p, "v").Span);
        if (amsGrad) AssertClose(vMax, opt.GetState(p, "v_max").Span);
    }

    [Fact]
    public void FirstStepMovesEachWeightByAboutTheLearningRate()
    {
        // t = 1: m̂ = g, v̂ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g) — only true if t is incremented before use.
        var p = Parameter("w", [1.0, -2.0, 3.0]);
        SetGrad(p, [0.5, -4.0, 1e-3]);
        new Adam<double>([p], learningRate: 0.1).Step();
        AssertClose([1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4.0 / (4.0 + 1e-8), 3.0 - 0.1 * 1e-3 / (1e-3 + 1e-8)], p.Value.Span);
    }

    [Fact]
    public void CoupledWeightDecayIsAdamOnTheL2GradientExactlyAndAdamWDiffers()
    {
        const double wd = 0.1;
        var rng = new Rng(31);
        double[] w0 = Values(rng, Length);
        var grads = Gradients(rng, 10, Length);
        var coupled = Parameter("w", w0);
        var penalized = Parameter("w", w0);
        var decoupled = Parameter("w", w0);
        var adamCoupled = new Adam<double>([coupled], Lr, weightDecay: wd);
        var adamOnPenalty = new Adam<double>([penalized], Lr);
        var adamW = new AdamW<double>([decoupled], Lr, weightDecay: wd);
        for (int s = 0; s < grads.Length; s++)
        {
            SetGrad(coupled, grads[s]);
            SetGrad(decoupled, grads[s]);
            for (int i = 0; i < Length; i++) penalized.Grad[i] = grads[s][i] + wd * penalized.Value[i];
            adamCoupled.Step();
            adamOnPenalty.Step();
            adamW.Step();
            AssertBitIdentical(penalized.Value.Span, coupled.Value.Span);
        }
        double maxDifference = 0;
        for (int i = 0; i < Length; i++) maxDifference = Math.Max(maxDifference, Math.Abs(decoupled.Value[i] - coupled.Value[i]));
        Assert.True(maxDifference > 1e-4, $"AdamW should differ from coupled L2 Adam; max difference {maxDifference}.");
    }

    [Fact]
    public void DefaultsArePublishedOnes()
    {
        var p = Parameter("w", [1.0]);
        var adam = new Adam<double>([p]);
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay));
        Assert.False(adam.DecoupledWeightDecay);
        var adamW = new AdamW<double>([p]);
        Assert.Equal(0.01, adamW.WeightDecay);
        Assert.True(adamW.DecoupledWeightDecay);
        Assert.Equal(["m", "v"], adam.StateSlots);
        Assert.Equal(["m", "v", "v_max"], new Adam<double>([p], amsGrad: true).StateSlots);
    }

    [Fact]
    public void FloatMatchesTheDoubleRuleToSinglePrecision()
    {
        var rng = new Rng(32);
        double[] w = Values(rng, 1000);
        var grads = Gradients(rng, 5, 1000);
        var p = new NativeNet.Layers.Parameter<float>("w", NdArray<float>.FromArray(Array.ConvertAll(w, x => (float)x)));
        var opt = new Adam<float>([p], Lr);
        double[] m = new double[1000], v = new double[1000];
        for (int s = 0; s < grads.Length; s++)
        {
            for (int i = 0; i < 1000; i++) p.Grad[i] = (float)grads[s][i];
            opt.Step();
            ReferenceStep(w, Array.ConvertAll(grads[s], x => (double)(float)x), m, v, m, s + 1, 0, false, false, false);
        }
        for (int i = 0; i < 1000; i++) Assert.True(Math.Abs(p.Value[i] - w[i]) <= 1e-5 * Math.Abs(w[i]), $"{i}: {p.Value[i]} vs {w[i]}");
    }
}
