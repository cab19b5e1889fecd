using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class RmsPropTests
{
    private const double Lr = 0.01, Rho = 0.99, Eps = 1e-8, Wd = 0.02;

    [Theory]
    [InlineData(false, 0.0, 1)]
    [InlineData(false, 0.0, 5)]
    [InlineData(true, 0.0, 5)]
    [InlineData(false, 0.8, 5)]
    [InlineData(true, 0.8, 1)]
    [InlineData(true, 0.8, 5)]
    public void StepsMatchTheRuleFromAGivenState(bool centered, double momentum, int steps)
    {
        var rng = new Rng(20);
        double[] w = Values(rng, Length);
        double[] s2 = Array.ConvertAll(Values(rng, Length), x => x * x);   // s ≥ a² so the centered variance stays positive
        double[] a = Array.ConvertAll(Values(rng, Length), x => 0.1 * x);
        double[] b = Values(rng, Length);
        var grads = Gradients(rng, steps, Length);
        var p = Parameter("w", w);
        var opt = new RmsProp<double>([p], Lr, Rho, Eps, momentum, centered, Wd);
        var start = new List<(string, double[])> { ("w.square_avg", s2) };
        if (centered) start.Add(("w.grad_avg", a));
        if (momentum > 0) start.Add(("w.momentum_buffer", b));
        StartFrom(opt, 4, [.. start]);
        for (int s = 0; s < steps; s++)
        {
            SetGrad(p, grads[s]);
            opt.Step();
            for (int i = 0; i < Length; i++)
            {
                double g = grads[s][i] + Wd * w[i];
                s2[i] = Rho * s2[i] + (1 - Rho) * g * g;          // s ← ρs + (1 − ρ)g²
                double variance = s2[i];
                if (centered)
                {
                    a[i] = Rho * a[i] + (1 - Rho) * g;             // a ← ρa + (1 − ρ)g
                    variance -= a[i] * a[i];
                }
                double step = g / (Math.Sqrt(variance) + Eps);     // g / (√s + ε)
                if (momentum > 0)
                {
                    b[i] = momentum * b[i] + step;                 // b ← μb + g/(√s + ε)
                    step = b[i];
                }
                w[i] -= Lr * step;
            }
        }
        AssertClose(w, p.Value.Span);
        AssertClose(s2, opt.GetState(p, "square_avg").Span);
        if (centered) AssertClose(a, opt.GetState(p, "grad_avg").Span);
        if (momentum > 0) AssertClose(b, opt.GetState(p, "momentum_buffer").Span);
    }

    [Fact]
    public void CenteredVarianceIsClampedAtZeroInsteadOfGivingNaN()
    {
        // A state with a² > s (impossible from zero, reachable by rounding or import) must not produce √(negative).
        var p = Parameter("w", Enumerable.Repeat(1.0, Length).ToArray());
        var opt = new RmsProp<double>([p], 1e-9, centered: true);
        StartFrom(opt, 1, ("w.square_avg", new double[Length]), ("w.grad_avg", Enumerable.Repeat(1.0, Length).ToArray()));
        SetGrad(p, Enumerable.Repeat(0.5, Length).ToArray());
        opt.Step();
        var expected = Enumerable.Repeat(1.0 - 1e-9 * 0.5 / 1e-8, Length).ToArray();   // d = √0 + ε
        AssertClose(expected, p.Value.Span);
    }

    [Fact]
    public void DefaultsAreRho099Epsilon1e8AndSlotsFollowOptions()
    {
        var p = Parameter("w", [1.0]);
        var plain = new RmsProp<double>([p], 0.01);
        Assert.Equal(0.99, plain.Rho);
        Assert.Equal(1e-8, plain.Epsilon);
        Assert.Equal(["square_avg"], plain.StateSlots);
        Assert.Equal(["square_avg", "grad_avg", "momentum_buffer"], new RmsProp<double>([p], 0.01, momentum: 0.5, centered: true).StateSlots);
    }
}
