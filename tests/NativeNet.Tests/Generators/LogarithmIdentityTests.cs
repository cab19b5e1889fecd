using NativeNet.Generators.Analysis;
using NativeNet.Generators.Model;
using NativeNet.Kernels;
using NativeNet.Tests.Activations;
using Xunit.Abstractions;
using static NativeNet.Generators.Analysis.ExprBuilder;

namespace NativeNet.Tests.Generators;

/// <summary>
/// The generator's rewrites of exp, tanh and sigmoid of a logarithm: their form, their values against the composition
/// they replace (special values included), and the accuracy of a naively declared mish that they speed up.
/// </summary>
public class LogarithmIdentityTests(ITestOutputHelper output)
{
    private static readonly Expr X = InputRef.Instance;

    private static bool Calls(Expr e, Fn fn) => e switch
    {
        Call c => c.Fn == fn || Calls(c.Arg, fn),
        Neg n => Calls(n.Operand, fn),
        Bin b => Calls(b.Left, fn) || Calls(b.Right, fn),
        Select s => Calls(s.Left, fn) || Calls(s.Right, fn) || Calls(s.WhenTrue, fn) || Calls(s.WhenFalse, fn),
        _ => false,
    };

    /// <summary>The expression in double, with the lanes' semantics: Min propagates NaN.</summary>
    private static double Evaluate(Expr e, double x) => e switch
    {
        Num n => n.Value,
        InputRef => x,
        Neg n => -Evaluate(n.Operand, x),
        Bin b => b.Op switch
        {
            BinOp.Add => Evaluate(b.Left, x) + Evaluate(b.Right, x),
            BinOp.Sub => Evaluate(b.Left, x) - Evaluate(b.Right, x),
            BinOp.Mul => Evaluate(b.Left, x) * Evaluate(b.Right, x),
            BinOp.Div => Evaluate(b.Left, x) / Evaluate(b.Right, x),
            BinOp.Min => Math.Min(Evaluate(b.Left, x), Evaluate(b.Right, x)),
            _ => Math.Max(Evaluate(b.Left, x), Evaluate(b.Right, x)),
        },
        Call c => c.Fn switch
        {
            Fn.Exp => Math.Exp(Evaluate(c.Arg, x)),
            Fn.Log => Math.Log(Evaluate(c.Arg, x)),
            Fn.Tanh => Math.Tanh(Evaluate(c.Arg, x)),
            Fn.Sigmoid => 1 / (1 + Math.Exp(-Evaluate(c.Arg, x))),
            _ => throw new NotSupportedException(c.Fn.ToString()),
        },
        Select { Op: CmpOp.Ge } s => Evaluate(s.Left, x) >= Evaluate(s.Right, x) ? Evaluate(s.WhenTrue, x) : Evaluate(s.WhenFalse, x),
        _ => throw new NotSupportedException(e.ToString()),
    };

    [Fact]
    public void FunctionsOfALogarithmBecomeAlgebraic()
    {
        foreach (Fn fn in new[] { Fn.Exp, Fn.Tanh, Fn.Sigmoid })
        {
            Expr rewritten = LogarithmIdentities.Rewrite(Apply(fn, Apply(Fn.Log, X)));
            Assert.False(Calls(rewritten, Fn.Log), fn.ToString());
            Assert.False(Calls(rewritten, fn), fn.ToString());
            // x may be negative, where the logarithm gives NaN: one comparison keeps that.
            Assert.IsType<Select>(rewritten);
        }
        Assert.Equal(Add(X, One), LogarithmIdentities.Rewrite(Apply(Fn.Exp, Apply(Fn.Log, Add(X, One)))) is Select s ? s.WhenTrue : null);
    }

    [Fact]
    public void ANonNegativeArgumentNeedsNoComparison()
    {
        // mish = x·tanh(log(1 + eˣ)): 1 + eˣ ≥ 0, so one exponential and one division remain.
        Expr mish = Mul(X, Apply(Fn.Tanh, Apply(Fn.Log, Add(One, Apply(Fn.Exp, X)))));
        Expr rewritten = LogarithmIdentities.Rewrite(mish);
        Assert.False(Calls(rewritten, Fn.Log));
        Assert.False(Calls(rewritten, Fn.Tanh));
        Assert.True(Calls(rewritten, Fn.Exp));
        Assert.DoesNotContain("Select", rewritten.ToString());
        // Nothing else changes: other functions and a logarithm on its own stay.
        Expr other = Add(Apply(Fn.Log, X), Apply(Fn.Tanh, Apply(Fn.Exp, X)));
        Assert.Equal(other, LogarithmIdentities.Rewrite(other));
    }

    [Theory]
    [InlineData("Exp")]
    [InlineData("Tanh")]
    [InlineData("Sigmoid")]
    public void TheRewrittenFormHasTheCompositionsValues(string function)
    {
        var fn = Enum.Parse<Fn>(function);
        Expr original = Apply(fn, Apply(Fn.Log, X));
        Expr rewritten = LogarithmIdentities.Rewrite(original);
        double[] specials = [0, -0.0, double.Epsilon, 1e-300, 1e-8, 0.3, 0.5, 1 - 1e-16, 1, 1 + 1e-15, 1.5, 2, 3, 1e8, 1e18,
            1.2e18, 1e19, 1e150, 1e300, double.MaxValue, double.PositiveInfinity, -1e-300, -1, -1e300,
            double.NegativeInfinity, double.NaN];
        var points = specials.Concat(Enumerable.Range(0, 4001).Select(i => Math.Pow(10, -20 + i / 100.0)));
        double worst = 0;
        foreach (double u in points)
        {
            double expected = Evaluate(original, u), actual = Evaluate(rewritten, u);
            if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0)
            {
                // Where the composition underflows to 0 the rewritten form may keep a subnormal value.
                bool same = expected.Equals(actual) || (expected == 0 && Math.Abs(actual) <= 1e-300);
                Assert.True(same, $"{fn}(log {u:R}) = {expected:R}, rewritten {actual:R}");
                continue;
            }
            // The composition's own error grows with |log u| (the rounding of the logarithm, magnified by exp).
            double relative = Math.Abs(actual - expected) / Math.Abs(expected) / Math.Max(1, Math.Abs(Math.Log(u)));
            worst = Math.Max(worst, relative);
        }
        output.WriteLine($"{fn}(log u): largest relative difference {worst:E2} (per unit of |log u| above 1)");
        Assert.True(worst <= 8 * Math.ScaleB(1.0, -52), $"{fn}: {worst:E2}");
    }

    [Fact]
    public void NaiveMishIsAccurateInFloat()
    {
        float[] specials = [0f, -0f, 1e-30f, -1e-30f, 1e-7f, 0.5f, -0.5f, 1f, -1f, 20f, -20f, 44f, 45f, 88f, 88.8f, 100f,
            -88f, -104f, -150f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN];
        float[] x = specials.Concat(Enumerable.Range(0, 200_001).Select(i => -100f + i / 1000f)).ToArray();
        var y = new float[x.Length];
        Elementwise.Map(x, y, new NaiveMish<float>.Function());
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = x[i] * Math.Tanh(Math.Log(1 + Math.Exp((double)x[i])));
            if (float.IsPositiveInfinity(x[i])) exact = double.PositiveInfinity;
            if (double.IsNaN(exact) || double.IsInfinity(exact))
            {
                Assert.True(((float)exact).Equals(y[i]), $"mish({x[i]:R}) = {y[i]:R}, expected {exact:R}");
                continue;
            }
            // 1 + eˣ rounds in float to within 2⁻²⁴ of its value, which moves tanh(log u) by at most as much.
            double error = SingleVectorMathTests.Ulps(y[i], exact) - Math.Abs(x[i]) * Math.ScaleB(1.0, -24) / Ulp(exact);
            worst = Math.Max(worst, error);
        }
        output.WriteLine($"naive mish in float: largest error beyond the rounding of 1 + eˣ {worst:F2} ulp");
        Assert.True(worst <= 4, $"{worst:F2} ulp");
    }

    [Fact]
    public void NaiveMishGradientSaturatesInsteadOfOverflowing()
    {
        float[] x = [.. Enumerable.Range(0, 20_001).Select(i => -100f + i / 100f), 88.8f, 89f, 1e10f, float.MaxValue];
        var dx = new float[x.Length];
        Elementwise.Map(x, Enumerable.Repeat(1f, x.Length).ToArray(), dx, new NaiveMish<float>.Derivative());
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i], softplus = v > 30 ? v : Math.Log(1 + Math.Exp(v)), t = Math.Tanh(softplus);
            double exact = t + v * (1 - t * t) * (1 / (1 + Math.Exp(-v)));
            Assert.True(float.IsFinite(dx[i]), $"mish′({x[i]:R}) = {dx[i]}");
            worst = Math.Max(worst, Math.Abs(dx[i] - exact) / Math.Max(1, Math.Abs(v)));
        }
        output.WriteLine($"naive mish′ in float: largest error {worst:E2} (relative to max(1, |x|))");
        Assert.True(worst <= 1e-6, $"{worst:E2}");
        Assert.Equal(1f, dx[^1]);
        var wide = new double[1];
        Elementwise.Map([1000.0], [1.0], wide, new NaiveMish<double>.Derivative());
        Assert.Equal(1.0, wide[0]);
    }

    private static double Ulp(double value)
    {
        double magnitude = Math.Abs(value);
        return magnitude < 1.1754943508222875e-38 ? Math.ScaleB(1.0, -149) : Math.ScaleB(1.0, Math.ILogB(magnitude) - 23);
    }
}
