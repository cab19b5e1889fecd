using System.Numerics;

namespace NativeNet.Kernels;

/// <summary>
/// Scalar functions .NET does not provide (the logistic sigmoid, the error function) for <see cref="float"/>,
/// <see cref="double"/> and generic floating types. Activation declarations call these; the layer generator maps
/// them to the matching <see cref="VectorMath"/> kernels.
/// </summary>
/// <remarks>
/// Accuracy (measured against 28-digit decimal references in the test suite): <see cref="Erf(double)"/> is within
/// 8e-16 absolute and relative (about 4 ulp); <see cref="Erf(float)"/> is correctly rounded on the tested grid.
/// The float kernels that generated layers run instead are computed in float and are slightly less accurate:
/// <see cref="VectorMath.Erf{T, TLanes, TVector}(TVector)"/> is within 1.2 ulp of erf, and the float sigmoid built on
/// <see cref="VectorMath.Exp{T, TLanes, TVector}"/> within 2.37 ulp, so a layer's float results may differ from these
/// scalar functions by a few ulps.
/// </remarks>
public static class ScalarMath
{
    /// <summary>Where the power series for erf hands over to the continued fraction for erfc.</summary>
    internal const double ErfSeriesLimit = 3.0;

    /// <summary>Beyond this, erf(x) rounds to ±1 in double (erfc(6) ≈ 2e-17).</summary>
    internal const double ErfSaturation = 6.0;

    /// <summary>Number of continued-fraction levels for erfc(x), x ≥ 3: relative error below 1e-13 there.</summary>
    internal const int ErfcFractionDepth = 40;

    /// <summary>2/√π.</summary>
    internal const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>1/√π.</summary>
    internal const double OneOverSqrtPi = 0.5641895835477563;

    /// <summary>
    /// Coefficients cₙ = 2ⁿ/(2n+1)!! of erf(x) = (2/√π)·x·e^(−x²)·Σ cₙ·x²ⁿ, a series of positive terms (no
    /// cancellation, unlike the alternating Taylor series); 48 terms reach double precision for |x| ≤ 3.
    /// </summary>
    internal static readonly double[] ErfSeries = CreateErfSeries(48);

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)).</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)).</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)) for any IEEE floating type.</summary>
    public static T Sigmoid<T>(T x) where T : IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    /// <summary>The error function erf(x) = (2/√π)∫₀ˣ e^(−t²) dt.</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (double.IsNaN(x)) return x;
        if (ax >= ErfSaturation) return Math.CopySign(1.0, x);
        double magnitude;
        if (ax < ErfSeriesLimit)
        {
            double s = ax * ax;
            double[] c = ErfSeries;
            double p = c[^1];
            for (int n = c.Length - 2; n >= 0; n--) p = Math.FusedMultiplyAdd(p, s, c[n]);
            magnitude = TwoOverSqrtPi * ax * Math.Exp(-s) * p;
        }
        else
        {
            double f = ax;
            for (int k = ErfcFractionDepth; k >= 1; k--) f = ax + (0.5 * k) / f;
            magnitude = 1.0 - OneOverSqrtPi * Math.Exp(-ax * ax) / f;
        }
        return Math.CopySign(magnitude, x);
    }

    /// <summary>The error function, computed in double and rounded once.</summary>
    /// <remarks>
    /// The reference for the float kernel: <see cref="VectorMath.Erf{T, TLanes, TVector}(TVector)"/> on float lanes stays within
    /// 1.2 ulp of this on the test grid.
    /// </remarks>
    public static float Erf(float x) => (float)Erf((double)x);

    /// <summary>The error function for any IEEE floating type (evaluated in double).</summary>
    public static T Erf<T>(T x) where T : IFloatingPointIeee754<T> => T.CreateTruncating(Erf(double.CreateTruncating(x)));

    private static double[] CreateErfSeries(int count)
    {
        var c = new double[count];
        c[0] = 1.0;
        for (int n = 1; n < count; n++) c[n] = c[n - 1] * 2.0 / (2 * n + 1);
        return c;
    }
}
