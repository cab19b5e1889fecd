using System.Runtime.Intrinsics;
using NativeNet.Kernels;
using Xunit.Abstractions;

namespace NativeNet.Tests.Activations;

/// <summary>
/// The float transcendental functions of VectorMath (computed in float) over the whole float range at every lane
/// width: ulp error against double references, special values, and identical bits at every width.
/// </summary>
public class SingleVectorMathTests(ITestOutputHelper output)
{
    public enum Function { Exp, Log, Tanh, Sigmoid, Erf, Gaussian }

    /// <summary>The widths to test: 512 only where it runs in hardware; 0 is <see cref="ScalarLanes{T}"/>.</summary>
    private static int[] Widths => Vector512.IsHardwareAccelerated ? [512, 256, 128, 0] : [256, 128, 0];

    private static readonly float[] Specials =
    [
        0f, -0f, float.Epsilon, -float.Epsilon, 1e-45f, 1e-40f, -1e-40f, 1.17549435e-38f, -1.17549435e-38f, 1e-30f,
        1e-10f, -1e-10f, 1e-5f, 0.5f, 0.625f, -0.625f, 1f, -1f, 2f, 3.9f, 3.92f, -3.92f, 4f, -4f, 10f, -10f, 20f,
        -20f, 88.72283f, 88.72284f, 88.7f, 89f, 100f, -87.33654f, -88.7f, -89f, -100f, -103.2789f, -103.972f,
        -103.97208f, -104f, -110f, 1e10f, -1e10f, float.MaxValue, float.MinValue, float.PositiveInfinity,
        float.NegativeInfinity, float.NaN,
    ];

    /// <summary>
    /// Every <paramref name="stride"/>-th float of both signs (all exponents, subnormals included), a denser pass
    /// over [−110, 110] where the functions are not flat, and the special values.
    /// </summary>
    private static float[] Grid(int stride = 1021)
    {
        var points = new List<float>(Specials);
        for (uint bits = 0; bits < 0x7F800000u; bits += (uint)stride)
        {
            points.Add(BitConverter.UInt32BitsToSingle(bits));
            points.Add(BitConverter.UInt32BitsToSingle(bits | 0x80000000u));
        }
        for (float x = -110f; x <= 110f; x += 1f / 4096) points.Add(x);
        return points.ToArray();
    }

    private static double Reference(Function function, float x) => function switch
    {
        Function.Exp => Math.Exp(x),
        Function.Log => Math.Log(x),
        Function.Tanh => Math.Tanh(x),
        Function.Sigmoid => x >= 0 ? 1.0 / (1.0 + Math.Exp(-(double)x)) : Math.Exp(x) / (1.0 + Math.Exp(x)),
        Function.Gaussian => Math.Exp(-(double)x * x),
        // Within 8e-16 of the 28-digit reference (VectorMathAccuracyTests), far below a float ulp.
        _ => ScalarMath.Erf((double)x),
    };

    /// <summary>|actual − reference| in ulps of the reference's float binade (2⁻¹⁴⁹ below the normal range).</summary>
    internal static double Ulps(float actual, double reference)
    {
        if (double.IsNaN(reference)) return float.IsNaN(actual) ? 0 : double.PositiveInfinity;
        if (actual == (float)reference) return 0;
        if (!float.IsFinite(actual)) return double.PositiveInfinity;
        double magnitude = Math.Abs(reference);
        double ulp = magnitude < 1.1754943508222875e-38 ? Math.ScaleB(1.0, -149) : Math.ScaleB(1.0, Math.ILogB(magnitude) - 23);
        return Math.Abs(actual - reference) / ulp;
    }

    private static Func<TVector, TVector> Pick<TLanes, TVector>(Function function)
        where TLanes : struct, IVectorLanes<float, TVector>
        where TVector : unmanaged => function switch
    {
        Function.Exp => VectorMath.Exp<float, TLanes, TVector>,
        Function.Log => VectorMath.Log<float, TLanes, TVector>,
        Function.Tanh => VectorMath.Tanh<float, TLanes, TVector>,
        Function.Sigmoid => VectorMath.Sigmoid<float, TLanes, TVector>,
        Function.Gaussian => static v =>
        {
            VectorMath.Erf<float, TLanes, TVector>(v, out TVector gaussian);
            return gaussian;
        },
        _ => VectorMath.Erf<float, TLanes, TVector>,
    };

    private static float[] Apply<TLanes, TVector>(float[] x, Function function)
        where TLanes : struct, IVectorLanes<float, TVector>
        where TVector : unmanaged
    {
        Func<TVector, TVector> f = Pick<TLanes, TVector>(function);
        int count = (int)TLanes.Count;
        var input = new float[(x.Length + count - 1) / count * count];
        x.CopyTo(input, 0);
        var result = new float[input.Length];
        for (int i = 0; i < input.Length; i += count) TLanes.Store(f(TLanes.Load(ref input[0], (nuint)i)), ref result[0], (nuint)i);
        return result[..x.Length];
    }

    internal static float[] Evaluate(Function function, int width, float[] x) => width switch
    {
        512 => Apply<VectorLanes512<float>, Vector512<float>>(x, function),
        256 => Apply<VectorLanes256<float>, Vector256<float>>(x, function),
        128 => Apply<VectorLanes128<float>, Vector128<float>>(x, function),
        _ => Apply<ScalarLanes<float>, Vector128<float>>(x, function),
    };

    [Theory]
    [InlineData(Function.Exp, 1.1)]
    [InlineData(Function.Log, 1.0)]
    [InlineData(Function.Tanh, 2.0)]
    [InlineData(Function.Sigmoid, 2.5)]
    [InlineData(Function.Erf, 2.0)]
    [InlineData(Function.Gaussian, 2.0)]
    public void WithinStatedUlpsAtEveryWidthWithIdenticalBits(Function function, double bound)
    {
        float[] x = Grid();
        double[] reference = x.Select(v => Reference(function, v)).ToArray();
        float[]? first = null;
        foreach (int width in Widths)
        {
            float[] y = Evaluate(function, width, x);
            double worst = 0;
            float worstAt = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double ulps = Ulps(y[i], reference[i]);
                if (ulps > worst) (worst, worstAt) = (ulps, x[i]);
            }
            output.WriteLine($"{function} width {width}: {x.Length} points, max {worst:F3} ulp at {worstAt:R}");
            Assert.True(worst <= bound, $"{function} width {width}: {worst} ulp at x = {worstAt:R}");
            if (first is null) first = y;
            else
                for (int i = 0; i < x.Length; i++)
                    Assert.True(BitConverter.SingleToUInt32Bits(first[i]) == BitConverter.SingleToUInt32Bits(y[i]),
                        $"{function} width {width} differs at x = {x[i]:R}: {first[i]:R} vs {y[i]:R}");
        }
    }

    [Fact]
    public void ErfMatchesDecimalReference()
    {
        var x = new List<float>();
        for (int i = -4500; i <= 4500; i++) x.Add(i / 1000f);
        for (int i = -300; i <= 300; i++) x.Add(MathF.Sinh(i * 0.05f) * 1e-4f);
        float[] y = Evaluate(Function.Erf, 256, x.ToArray());
        double worst = x.Select((v, i) => Ulps(y[i], VectorMathAccuracyTests.ErfReference(v))).Max();
        output.WriteLine($"erf float vs decimal reference: max {worst:F3} ulp");
        Assert.True(worst <= 2, $"max ulp {worst}");
    }

    [Theory]
    [InlineData(Function.Exp, float.NegativeInfinity, 0f)]
    [InlineData(Function.Exp, float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(Function.Exp, 0f, 1f)]
    [InlineData(Function.Exp, 88.73f, float.PositiveInfinity)]
    [InlineData(Function.Exp, -104f, 0f)]
    [InlineData(Function.Exp, float.MaxValue, float.PositiveInfinity)]
    [InlineData(Function.Exp, float.MinValue, 0f)]
    [InlineData(Function.Log, 0f, float.NegativeInfinity)]
    [InlineData(Function.Log, 1f, 0f)]
    [InlineData(Function.Log, float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(Function.Log, -1f, float.NaN)]
    [InlineData(Function.Log, -float.Epsilon, float.NaN)]
    [InlineData(Function.Log, float.NegativeInfinity, float.NaN)]
    [InlineData(Function.Tanh, float.PositiveInfinity, 1f)]
    [InlineData(Function.Tanh, float.NegativeInfinity, -1f)]
    [InlineData(Function.Tanh, 0f, 0f)]
    [InlineData(Function.Sigmoid, float.PositiveInfinity, 1f)]
    [InlineData(Function.Sigmoid, float.NegativeInfinity, 0f)]
    [InlineData(Function.Sigmoid, 0f, 0.5f)]
    [InlineData(Function.Erf, float.PositiveInfinity, 1f)]
    [InlineData(Function.Erf, float.NegativeInfinity, -1f)]
    [InlineData(Function.Erf, 4f, 1f)]
    [InlineData(Function.Erf, -10f, -1f)]
    [InlineData(Function.Erf, 0f, 0f)]
    public void SpecialValuesExactlyAtEveryWidth(Function function, float x, float expected)
    {
        foreach (int width in Widths)
        {
            float actual = Evaluate(function, width, [x])[0];
            Assert.True(BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(actual) || (float.IsNaN(expected) && float.IsNaN(actual)),
                $"{function}({x:R}) at width {width}: {actual:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void NegativeZeroAtEveryWidth()
    {
        (Function Function, float Expected)[] cases =
            [(Function.Exp, 1f), (Function.Log, float.NegativeInfinity), (Function.Tanh, -0f), (Function.Sigmoid, 0.5f), (Function.Erf, -0f)];
        foreach ((Function function, float expected) in cases)
            foreach (int width in Widths)
                Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(Evaluate(function, width, [-0f])[0]));
    }

    [Theory]
    [InlineData(Function.Exp)]
    [InlineData(Function.Log)]
    [InlineData(Function.Tanh)]
    [InlineData(Function.Sigmoid)]
    [InlineData(Function.Erf)]
    public void NaNGivesNaNAtEveryWidth(Function function)
    {
        foreach (int width in Widths)
            Assert.All(Evaluate(function, width, [float.NaN, -float.NaN, BitConverter.UInt32BitsToSingle(0x7F800001u)]),
                y => Assert.True(float.IsNaN(y), $"{function} at width {width}: {y}"));
    }

    [Fact]
    public void LanesExpAndLogAreTheFloatFunctions()
    {
        float[] x = [-90f, -3.5f, 1e-40f, 0.3f, 2f, 50f, 88f, 1e30f];
        var input = Vector256.Create(x);
        Assert.Equal(VectorMath.Exp<float, VectorLanes256<float>, Vector256<float>>(input), VectorLanes256<float>.Exp(input));
        Assert.Equal(VectorMath.Log<float, VectorLanes256<float>, Vector256<float>>(input), VectorLanes256<float>.Log(input));
        Assert.Equal(Evaluate(Function.Exp, 0, x), x.Select(v => ScalarLanes<float>.Exp(Vector128.CreateScalar(v)).ToScalar()).ToArray());
    }
}
