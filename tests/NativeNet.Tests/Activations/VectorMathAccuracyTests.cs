using System.Runtime.Intrinsics;
using NativeNet.Kernels;
using Xunit.Abstractions;

namespace NativeNet.Tests.Activations;

/// <summary>
/// Accuracy of ScalarMath and VectorMath against references: Math.Tanh/Math.Exp in double (float results are
/// measured in float ulps of the double reference), and a 28-digit decimal Taylor series for erf.
/// </summary>
public class VectorMathAccuracyTests(ITestOutputHelper output)
{
    private static double[] Points()
    {
        var points = new List<double> { 0, -0.0, 1e-300, -1e-300, 1e-10, -1e-10, 1e-5, 0.625, -0.625, 3, -3, 6, -6, 700, -700, 1e10, -1e10 };
        for (int i = -4000; i <= 4000; i++) points.Add(i * 0.005); // [-20, 20]
        for (int i = -200; i <= 200; i++) points.Add(Math.Sinh(i * 0.05) * 1e-3); // dense near 0
        return points.ToArray();
    }

    private static double UlpsFloat(float actual, double reference)
    {
        float r = (float)reference;
        if (actual == r) return 0;
        double ulp = Math.Max(float.Epsilon, Math.Abs(MathF.BitIncrement(Math.Abs(r)) - Math.Abs(r)));
        return Math.Abs(actual - reference) / ulp;
    }

    private static double UlpsDouble(double actual, double reference)
    {
        if (actual == reference) return 0;
        double ulp = Math.Max(double.Epsilon, Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference));
        return Math.Abs(actual - reference) / ulp;
    }


    private static double[] ApplyDouble(double[] x, Func<Vector512<double>, Vector512<double>> f512, Func<Vector256<double>, Vector256<double>> f256, bool wide)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = wide ? f512(Vector512.Create(x[i])).GetElement(3) : f256(Vector256.Create(x[i])).GetElement(1);
        return r;
    }

    private static float[] ApplyFloat(float[] x, Func<Vector512<float>, Vector512<float>> f512, Func<Vector256<float>, Vector256<float>> f256, bool wide)
    {
        var r = new float[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = wide ? f512(Vector512.Create(x[i])).GetElement(5) : f256(Vector256.Create(x[i])).GetElement(7);
        return r;
    }

    /// <summary>erf by its Taylor series in 28-digit decimal for |x| ≤ 3.5; 1 − erfc by a long continued fraction beyond.</summary>
    internal static double ErfReference(double x)
    {
        double ax = Math.Abs(x);
        if (ax > 3.5)
        {
            double f = ax;
            for (int k = 400; k >= 1; k--) f = ax + 0.5 * k / f;
            return Math.CopySign(1 - Math.Exp(-ax * ax) / (Math.Sqrt(Math.PI) * f), x);
        }
        decimal d = ExactDecimal(ax), s = d * d, term = d, sum = d;
        for (int n = 1; n < 200; n++)
        {
            term = -term * s / n;
            decimal add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-27m) break;
        }
        decimal twoOverSqrtPi = 1.1283791670955125738961589031m;
        return Math.CopySign((double)(sum * twoOverSqrtPi), x);
    }

    /// <summary>The double's binary value to 28 digits ((decimal)x would round it to 15).</summary>
    private static decimal ExactDecimal(double x)
    {
        if (x == 0) return 0m;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++; else mantissa |= 1L << 52;
        exponent -= 1075;
        decimal value = mantissa;
        for (; exponent > 0; exponent--) value *= 2;
        for (; exponent < 0; exponent++) value /= 2;
        return value;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TanhDoubleWithinTwoUlps(bool wide)
    {
        var x = Points();
        var y = ApplyDouble(x, VectorMath.Tanh, VectorMath.Tanh, wide);
        double worst = x.Select((v, i) => UlpsDouble(y[i], Math.Tanh(v))).Max();
        output.WriteLine($"tanh double max ulp {worst}");
        Assert.True(worst <= 2, $"max ulp {worst}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TanhSingleWithinTwoUlps(bool wide)
    {
        var x = Points().Select(v => (float)v).ToArray();
        var y = ApplyFloat(x, VectorMath.Tanh, VectorMath.Tanh, wide);
        double worst = x.Select((v, i) => UlpsFloat(y[i], Math.Tanh(v))).Max();
        output.WriteLine($"tanh float max ulp {worst}");
        Assert.True(worst <= 2, $"max ulp {worst}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SigmoidDoubleRelativeError(bool wide)
    {
        var x = Points();
        var y = ApplyDouble(x, VectorMath.Sigmoid, VectorMath.Sigmoid, wide);
        double worst = x.Select((v, i) => UlpsDouble(y[i], 1.0 / (1.0 + Math.Exp(-v)))).Max();
        output.WriteLine($"sigmoid double max ulp vs scalar formula {worst}");
        Assert.True(worst <= 4, $"max ulp {worst}");
        for (int i = 0; i < x.Length; i++) Assert.Equal(ScalarMath.Sigmoid(x[i]), 1.0 / (1.0 + Math.Exp(-x[i])));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SigmoidSingleWithinFourUlps(bool wide)
    {
        var x = Points().Select(v => (float)v).ToArray();
        var y = ApplyFloat(x, VectorMath.Sigmoid, VectorMath.Sigmoid, wide);
        double worst = x.Select((v, i) => UlpsFloat(y[i], 1.0 / (1.0 + Math.Exp(-(double)v)))).Max();
        output.WriteLine($"sigmoid float max ulp {worst}");
        Assert.True(worst <= 4, $"max ulp {worst}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ErfDoubleMatchesDecimalReference(bool wide)
    {
        var x = Points().Where(v => Math.Abs(v) <= 8).ToArray();
        var vector = ApplyDouble(x, VectorMath.Erf, VectorMath.Erf, wide);
        double worstAbs = 0, worstRel = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double reference = ErfReference(x[i]);
            double scalar = ScalarMath.Erf(x[i]);
            foreach (double value in new[] { scalar, vector[i] })
            {
                worstAbs = Math.Max(worstAbs, Math.Abs(value - reference));
                if (reference != 0) worstRel = Math.Max(worstRel, Math.Abs(value - reference) / Math.Abs(reference));
            }
        }
        output.WriteLine($"erf double max abs {worstAbs:E2} max rel {worstRel:E2}");
        Assert.True(worstAbs <= 1e-15, $"abs {worstAbs}");
        Assert.True(worstRel <= 1e-15, $"rel {worstRel}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ErfSingleWithinTwoUlps(bool wide)
    {
        var x = Points().Where(v => Math.Abs(v) <= 8).Select(v => (float)v).ToArray();
        var y = ApplyFloat(x, VectorMath.Erf, VectorMath.Erf, wide);
        double worst = x.Select((v, i) => Math.Max(UlpsFloat(y[i], ErfReference(v)), UlpsFloat(ScalarMath.Erf(v), ErfReference(v)))).Max();
        output.WriteLine($"erf float max ulp {worst}");
        Assert.True(worst <= 2, $"max ulp {worst}");
    }

    [Fact]
    public void SpecialValues()
    {
        Assert.Equal(1.0, VectorMath.Tanh(Vector512.Create(double.PositiveInfinity)).GetElement(0));
        Assert.Equal(-1f, VectorMath.Tanh(Vector256.Create(float.NegativeInfinity)).GetElement(0));
        Assert.True(double.IsNaN(VectorMath.Tanh(Vector512.Create(double.NaN)).GetElement(0)));
        Assert.True(double.IsNaN(VectorMath.Erf(Vector512.Create(double.NaN)).GetElement(0)));
        Assert.True(double.IsNaN(ScalarMath.Erf(double.NaN)));
        Assert.Equal(-1.0, VectorMath.Erf(Vector512.Create(double.NegativeInfinity)).GetElement(0));
        Assert.Equal(0.0, VectorMath.Sigmoid(Vector512.Create(-1000.0)).GetElement(0));
        Assert.Equal(1f, VectorMath.Sigmoid(Vector512.Create(1000f)).GetElement(0));
        Assert.Equal(0.5f, ScalarMath.Sigmoid<float>(0f));
        Assert.Equal(ScalarMath.Erf(0.5), ScalarMath.Erf<double>(0.5));
    }

    [Fact]
    public void ExpAndLogDoubleWithinOneUlpAtEveryWidth()
    {
        var points = Points().Concat([709.7, -745.0, 1e-310, 5e-324, 1.7e308]).ToArray();
        double worstExp = 0, worstLog = 0;
        foreach (double x in points)
        {
            var exp = VectorMath.Exp<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(x)).GetElement(1);
            Assert.Equal(exp, VectorMath.Exp<double, ScalarLanes<double>, Vector128<double>>(Vector128.CreateScalar(x)).ToScalar());
            worstExp = Math.Max(worstExp, UlpsDouble(exp, Math.Exp(x)));
            double ax = Math.Abs(x);
            var log = VectorMath.Log<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(ax)).GetElement(2);
            Assert.Equal(log, VectorMath.Log<double, VectorLanes128<double>, Vector128<double>>(Vector128.Create(ax)).GetElement(0));
            if (double.IsFinite(Math.Log(ax))) worstLog = Math.Max(worstLog, UlpsDouble(log, Math.Log(ax)));
        }
        output.WriteLine($"exp double: {worstExp:F3} ulp, log double: {worstLog:F3} ulp");
        Assert.True(worstExp <= 1.0, $"exp {worstExp} ulp");
        Assert.True(worstLog <= 1.0, $"log {worstLog} ulp");
        Assert.Equal(double.PositiveInfinity, VectorMath.Exp<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(710.0))[0]);
        Assert.Equal(0.0, VectorMath.Exp<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(double.NegativeInfinity))[0]);
        Assert.True(double.IsNaN(VectorMath.Exp<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(double.NaN))[0]));
        Assert.Equal(double.NegativeInfinity, VectorMath.Log<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(0.0))[0]);
        Assert.True(double.IsNaN(VectorMath.Log<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(-1.0))[0]));
        Assert.Equal(double.PositiveInfinity, VectorMath.Log<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(double.PositiveInfinity))[0]);
    }

    [Fact]
    public void AnElementsBitsDoNotDependOnItsNeighbours()
    {
        // The runtime's vector Exp takes another path for a whole vector when one lane is special; ours does not.
        var lane = VectorMath.Exp<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(3.7, 1.2, -0.4, 2.0))[0];
        var nextToNaN = VectorMath.Exp<double, VectorLanes256<double>, Vector256<double>>(Vector256.Create(3.7, double.NaN, double.NegativeInfinity, 800))[0];
        Assert.Equal(lane, nextToNaN);
    }
}
