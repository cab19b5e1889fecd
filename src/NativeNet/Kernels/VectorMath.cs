using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeNet.Kernels;

/// <summary>
/// SIMD transcendental functions for <see cref="float"/> and <see cref="double"/> lanes, written once over the lane
/// widths of <see cref="IVectorLanes{T, TVector}"/>: e^x, log, tanh, the logistic sigmoid and erf. Generated activation
/// layers call these (and <see cref="IVectorLanes{T, TVector}.Exp"/> / <see cref="IVectorLanes{T, TVector}.Log"/>,
/// which are the same functions).
/// </summary>
/// <remarks>
/// Float lanes are computed in float (never widened to double), from the same lane operations at every width, so
/// that every width and the scalar tail give the same bits. Errors measured against double references over the whole
/// float range (every float in [−104, 89] for exp, every 7th float of the non-flat range for the others):
/// exp ≤ 1.02 ulp, log ≤ 0.81 ulp, tanh ≤ 1.32 ulp, sigmoid ≤ 2.37 ulp, erf ≤ 1.2 ulp; each function's remarks give its
/// method and special values. Double lanes keep the runtime's Exp and Log: tanh ≤ 2 ulp (vs Math.Tanh), sigmoid
/// ≤ 3 ulp (vs the scalar formula), erf ≤ 8e-16 absolute and relative against a 28-digit decimal series. Small |x|
/// takes Cephes' rational (double) / polynomial (float) form of tanh so that tanh keeps relative accuracy near zero,
/// where 1 − 2/(e^(2x)+1) would cancel.
/// </remarks>
public static class VectorMath
{
    /// <summary>Hyperbolic tangent of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x) => Tanh<double, VectorLanes512<double>, Vector512<double>>(x);

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)) of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x) => Sigmoid<double, VectorLanes512<double>, Vector512<double>>(x);

    /// <summary>Hyperbolic tangent of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x) => Tanh<float, VectorLanes512<float>, Vector512<float>>(x);

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)) of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Sigmoid<float, VectorLanes512<float>, Vector512<float>>(x);

    /// <summary>The error function of each lane (same algorithm as <see cref="ScalarMath.Erf(double)"/>).</summary>
    public static Vector512<double> Erf(Vector512<double> x) => ErfOfDoubles<double, VectorLanes512<double>, Vector512<double>>(x);

    /// <summary>The error function of each lane, computed in float (see <see cref="Erf{T, TLanes, TVector}(TVector)"/>).</summary>
    public static Vector512<float> Erf(Vector512<float> x) => ErfOfSingles<float, VectorLanes512<float>, Vector512<float>>(x, out _);

    /// <summary>Hyperbolic tangent of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x) => Tanh<double, VectorLanes256<double>, Vector256<double>>(x);

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)) of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sigmoid(Vector256<double> x) => Sigmoid<double, VectorLanes256<double>, Vector256<double>>(x);

    /// <summary>Hyperbolic tangent of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) => Tanh<float, VectorLanes256<float>, Vector256<float>>(x);

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)) of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Sigmoid<float, VectorLanes256<float>, Vector256<float>>(x);

    /// <summary>The error function of each lane (same algorithm as <see cref="ScalarMath.Erf(double)"/>).</summary>
    public static Vector256<double> Erf(Vector256<double> x) => ErfOfDoubles<double, VectorLanes256<double>, Vector256<double>>(x);

    /// <summary>The error function of each lane, computed in float (see <see cref="Erf{T, TLanes, TVector}(TVector)"/>).</summary>
    public static Vector256<float> Erf(Vector256<float> x) => ErfOfSingles<float, VectorLanes256<float>, Vector256<float>>(x, out _);

    // The functions written once for every width (see IVectorLanes); the public overloads above instantiate them.

    /// <summary>Hyperbolic tangent of each lane, at any width (see <see cref="IVectorLanes{T, TVector}"/>).</summary>
    /// <remarks>
    /// x + x³·P(x²) below |x| = 0.625, ±(1 − 2/(e^(2|x|) + 1)) above with <see cref="Exp{T, TLanes, TVector}"/>.
    /// Float lanes: ≤ 1.32 ulp on every 7th float; tanh(±0) = ±0, tanh(±∞) = ±1, NaN gives NaN.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Tanh<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged =>
        typeof(T) == typeof(float) ? TanhOfSingles<T, TLanes, TVector>(x) : TanhOfDoubles<T, TLanes, TVector>(x);

    /// <summary>e^x of each lane, at any width.</summary>
    /// <remarks>
    /// Float lanes are computed in float: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in two so that r is exact), Cephes'
    /// degree-7 polynomial for e^r, and the scaling by 2ⁿ applied as two exact powers of two so that results down to
    /// the smallest subnormal round once. Measured error ≤ 1.02 ulp, checked on every float in [−104, 89];
    /// e^x overflows to ∞ above 88.72284 and rounds to 0 below −103.97208; e^(−∞) = 0, e^∞ = ∞, NaN gives NaN.
    /// Double lanes take the same steps with Cephes' rational form 1 + 2r·P(r²)/(Q(r²) − r·P(r²)) (measured ≤ 1 ulp against
    /// Math.Exp), not the runtime's vector Exp, which computes a whole vector another way when any of its lanes is
    /// special (NaN, ±∞, out of range) and so could give an element other bits next to other neighbours.
    /// <see cref="IVectorLanes{T, TVector}.Exp"/> calls this at every width.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Exp<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged =>
        typeof(T) == typeof(float) ? ExpOfSingles<T, TLanes, TVector>(x) : ExpOfDoubles<T, TLanes, TVector>(x);

    /// <summary>The natural logarithm of each lane, at any width.</summary>
    /// <remarks>
    /// Float lanes are computed in float: x = 2ᵉ·m with m ∈ [√½, √2) (subnormals are scaled into the normal range
    /// first), then Cephes' polynomial for log(1 + f), f = m − 1, with ln2 split in two. Measured error ≤ 0.81 ulp on every
    /// 7th positive float; log(±0) = −∞, log(∞) = ∞, negative lanes and NaN give NaN. Double lanes take the same steps with
    /// Cephes' rational P(f)/Q(f) (measured ≤ 1 ulp against Math.Log), for the reason given at <see cref="Exp{T, TLanes, TVector}"/>.
    /// <see cref="IVectorLanes{T, TVector}.Log"/> calls this at every width.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Log<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged =>
        typeof(T) == typeof(float) ? LogOfSingles<T, TLanes, TVector>(x) : LogOfDoubles<T, TLanes, TVector>(x);

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)) of each lane, at any width.</summary>
    /// <remarks>
    /// Computed as 1/(1 + e^(−|x|)) for x ≥ 0 and e^(−|x|)/(1 + e^(−|x|)) for x &lt; 0, so that the exponential never
    /// overflows and the tail below −88.7 keeps its subnormal values. Float lanes (with the float
    /// <see cref="Exp{T, TLanes, TVector}"/>) are within 2.37 ulp of the exact value on every 7th float; sigmoid(∞) = 1,
    /// sigmoid(−∞) = 0, NaN gives NaN.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Sigmoid<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector e = TLanes.Exp(TLanes.Negate(TLanes.Abs(x)));
        TVector numerator = TLanes.ConditionalSelect(TLanes.LessThan(x, TLanes.Zero), e, TLanes.One);
        return TLanes.Divide(numerator, TLanes.Add(TLanes.One, e));
    }

    /// <summary>The error function of each lane, at any width.</summary>
    /// <remarks>
    /// Float lanes are computed in float: erf(x) = x·P(x²) for |x| &lt; 1 and 1 − e^(−x²)·R(|x|) for |x| ≥ 1, with P
    /// (degree 6) and R (degree 7 in 1/(1 + |x|/2), fitting erfc(z)·e^(z²) on [1, 4]) near-minimax fits whose own error is
    /// far below float precision; R's argument is clamped at 4, beyond which erf rounds to ±1 in float. Measured error
    /// ≤ 1.2 ulp on the test grid; erf(±0) = ±0, erf(±∞) = ±1, NaN gives NaN. Double lanes use the series and continued
    /// fraction of <see cref="ScalarMath.Erf(double)"/> (within 8e-16 absolute and relative).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Erf<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged =>
        typeof(T) == typeof(float) ? ErfOfSingles<T, TLanes, TVector>(x, out _) : ErfOfDoubles<T, TLanes, TVector>(x);

    /// <summary>
    /// The error function of each lane (as <see cref="Erf{T, TLanes, TVector}(TVector)"/>) and e^(−x²), the Gaussian
    /// in erf′(x) = (2/√π)·e^(−x²): float lanes compute that exponential for erf anyway, so a derivative that needs both
    /// pays for one. Float lanes' Gaussian is measured within 1.36 ulp of e^(−x²) on the test grid.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Erf<T, TLanes, TVector>(TVector x, out TVector gaussian)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        if (typeof(T) == typeof(float)) return ErfOfSingles<T, TLanes, TVector>(x, out gaussian);
        gaussian = TLanes.Exp(TLanes.Negate(TLanes.Multiply(x, x)));
        return ErfOfDoubles<T, TLanes, TVector>(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExpOfSingles<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        // Beyond the clamp e^x is already ∞ or rounds to 0; the clamp keeps n in [−150, 128], whose halves are normal
        // exponents. NaN passes through the clamps and the polynomial.
        TVector xc = TLanes.Max(TLanes.Min(x, Scalar.FromDouble<T>(89f)), Scalar.FromDouble<T>(-104f));
        TVector n = TLanes.Round(TLanes.Multiply(xc, TLanes.Create(1.44269504f)));
        // ln2 = 0.693145751953125 (15 significant bits, so n·ln2hi is exact) + 1.42860677e-6.
        TVector r = TLanes.MultiplyAdd(n, TLanes.Create(-0.693145751953125f), xc);
        r = TLanes.MultiplyAdd(n, TLanes.Create(-1.42860677e-6f), r);
        TVector p = Step<T, TLanes, TVector>(TLanes.Create(1.9875691500E-4f), r, 1.3981999507E-3f);
        p = Step<T, TLanes, TVector>(p, r, 8.3334519073E-3f);
        p = Step<T, TLanes, TVector>(p, r, 4.1665795894E-2f);
        p = Step<T, TLanes, TVector>(p, r, 1.6666665459E-1f);
        p = Step<T, TLanes, TVector>(p, r, 5.0000001201E-1f);
        p = TLanes.Add(TLanes.MultiplyAdd(p, TLanes.Multiply(r, r), r), TLanes.One);
        // 2ⁿ as 2^h·2^(n−h): each factor is a normal power of two, and p·2^h stays normal, so only the last product rounds.
        TVector half = TLanes.Round(TLanes.Multiply(n, TLanes.Create(0.5f)));
        return TLanes.Multiply(TLanes.Multiply(p, TLanes.PowerOfTwo(half)), TLanes.PowerOfTwo(TLanes.Subtract(n, half)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector LogOfSingles<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        // Subnormals: multiply by 2^23 into the normal range and take 23 off the exponent.
        TVector subnormal = TLanes.LessThan(x, TLanes.Create(1.17549435e-38f));
        TVector xs = TLanes.ConditionalSelect(subnormal, TLanes.Multiply(x, TLanes.Create(8388608f)), x);
        TVector e = TLanes.Subtract(TLanes.Exponent(xs), TLanes.ConditionalSelect(subnormal, TLanes.Create(23f), TLanes.Zero));
        TVector m = TLanes.Significand(xs);
        // m ∈ [1, 2) → [√½, √2), so that f = m − 1 (exact) is small on both sides of zero.
        TVector upper = TLanes.LessThan(TLanes.Create(1.41421356f), m);
        m = TLanes.ConditionalSelect(upper, TLanes.Multiply(m, TLanes.Create(0.5f)), m);
        e = TLanes.ConditionalSelect(upper, TLanes.Add(e, TLanes.One), e);
        TVector f = TLanes.Subtract(m, TLanes.One);
        TVector z = TLanes.Multiply(f, f);
        TVector p = Step<T, TLanes, TVector>(TLanes.Create(7.0376836292E-2f), f, -1.1514610310E-1f);
        p = Step<T, TLanes, TVector>(p, f, 1.1676998740E-1f);
        p = Step<T, TLanes, TVector>(p, f, -1.2420140846E-1f);
        p = Step<T, TLanes, TVector>(p, f, 1.4249322787E-1f);
        p = Step<T, TLanes, TVector>(p, f, -1.6668057665E-1f);
        p = Step<T, TLanes, TVector>(p, f, 2.0000714765E-1f);
        p = Step<T, TLanes, TVector>(p, f, -2.4999993993E-1f);
        p = Step<T, TLanes, TVector>(p, f, 3.3333331174E-1f);
        // log x = f − f²/2 + f³·p + e·ln2, smallest terms first; ln2 = 0.693359375 − 2.12194440e-4.
        TVector y = TLanes.Multiply(p, TLanes.Multiply(f, z));
        y = TLanes.MultiplyAdd(e, TLanes.Create(-2.12194440e-4f), y);
        y = TLanes.MultiplyAdd(z, TLanes.Create(-0.5f), y);
        TVector result = TLanes.MultiplyAdd(e, TLanes.Create(0.693359375f), TLanes.Add(f, y));
        // log ∞ = ∞ and NaN stays NaN (both fail x < ∞); log ±0 = −∞; negative lanes are NaN.
        result = TLanes.ConditionalSelect(TLanes.LessThan(x, TLanes.Create(float.PositiveInfinity)), result, x);
        TVector nonPositive = TLanes.ConditionalSelect(TLanes.Equals(x, TLanes.Zero), TLanes.Create(float.NegativeInfinity), TLanes.Create(float.NaN));
        return TLanes.ConditionalSelect(TLanes.LessThanOrEqual(x, TLanes.Zero), nonPositive, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExpOfDoubles<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        // As for float: beyond the clamp e^x is ∞ or rounds to 0, and n stays within two normal exponents.
        TVector xc = TLanes.Max(TLanes.Min(x, Scalar.FromDouble<T>(710.0)), Scalar.FromDouble<T>(-746.0));
        TVector n = TLanes.Round(TLanes.Multiply(xc, TLanes.Create(1.4426950408889634073599)));
        TVector r = TLanes.MultiplyAdd(n, TLanes.Create(-6.93145751953125E-1), xc);
        r = TLanes.MultiplyAdd(n, TLanes.Create(-1.42860682030941723212E-6), r);
        TVector rr = TLanes.Multiply(r, r);
        TVector px = Step<T, TLanes, TVector>(Step<T, TLanes, TVector>(TLanes.Create(1.26177193074810590878E-4), rr,
            3.02994407707441961300E-2), rr, 9.99999999999999999910E-1);
        px = TLanes.Multiply(r, px);
        TVector qx = Step<T, TLanes, TVector>(Step<T, TLanes, TVector>(Step<T, TLanes, TVector>(TLanes.Create(3.00198505138664455042E-6), rr,
            2.52448340349684104192E-3), rr, 2.27265548208155028766E-1), rr, 2.00000000000000000009E0);
        TVector p = TLanes.MultiplyAdd(TLanes.Divide(px, TLanes.Subtract(qx, px)), TLanes.Create(2.0), TLanes.One);
        TVector half = TLanes.Round(TLanes.Multiply(n, TLanes.Create(0.5)));
        return TLanes.Multiply(TLanes.Multiply(p, TLanes.PowerOfTwo(half)), TLanes.PowerOfTwo(TLanes.Subtract(n, half)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector LogOfDoubles<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        // Subnormals: multiply by 2^52 into the normal range and take 52 off the exponent.
        TVector subnormal = TLanes.LessThan(x, TLanes.Create(2.2250738585072014E-308));
        TVector xs = TLanes.ConditionalSelect(subnormal, TLanes.Multiply(x, TLanes.Create(4503599627370496.0)), x);
        TVector e = TLanes.Subtract(TLanes.Exponent(xs), TLanes.ConditionalSelect(subnormal, TLanes.Create(52.0), TLanes.Zero));
        TVector m = TLanes.Significand(xs);
        TVector upper = TLanes.LessThan(TLanes.Create(1.4142135623730950488), m);
        m = TLanes.ConditionalSelect(upper, TLanes.Multiply(m, TLanes.Create(0.5)), m);
        e = TLanes.ConditionalSelect(upper, TLanes.Add(e, TLanes.One), e);
        TVector f = TLanes.Subtract(m, TLanes.One);
        TVector z = TLanes.Multiply(f, f);
        // log(1 + f) = f − f²/2 + f³·P(f)/Q(f).
        TVector p = TLanes.Create(1.01875663804580931796E-4);
        p = Step<T, TLanes, TVector>(p, f, 4.97494994976747001425E-1);
        p = Step<T, TLanes, TVector>(p, f, 4.70579119878881725854E0);
        p = Step<T, TLanes, TVector>(p, f, 1.44989225341610930846E1);
        p = Step<T, TLanes, TVector>(p, f, 1.79368678507819816313E1);
        p = Step<T, TLanes, TVector>(p, f, 7.70838733755885391666E0);
        TVector q = TLanes.Add(f, TLanes.Create(1.12873587189167450590E1));
        q = Step<T, TLanes, TVector>(q, f, 4.52279145837532221105E1);
        q = Step<T, TLanes, TVector>(q, f, 8.29875266912776603211E1);
        q = Step<T, TLanes, TVector>(q, f, 7.11544750618563894466E1);
        q = Step<T, TLanes, TVector>(q, f, 2.31251620126765340583E1);
        TVector y = TLanes.Multiply(f, TLanes.Multiply(z, TLanes.Divide(p, q)));
        y = TLanes.MultiplyAdd(e, TLanes.Create(-2.121944400546905827679E-4), y);
        y = TLanes.MultiplyAdd(z, TLanes.Create(-0.5), y);
        TVector result = TLanes.MultiplyAdd(e, TLanes.Create(0.693359375), TLanes.Add(f, y));
        result = TLanes.ConditionalSelect(TLanes.LessThan(x, TLanes.Create(double.PositiveInfinity)), result, x);
        TVector nonPositive = TLanes.ConditionalSelect(TLanes.Equals(x, TLanes.Zero), TLanes.Create(double.NegativeInfinity), TLanes.Create(double.NaN));
        return TLanes.ConditionalSelect(TLanes.LessThanOrEqual(x, TLanes.Zero), nonPositive, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ErfOfSingles<T, TLanes, TVector>(TVector x, out TVector gaussian)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        // |x| < 1: erf(x) = x·(c + x²·P(x²)), odd, so ±0 and subnormals keep their sign and relative accuracy. c = 2/√π
        // is split in two and its larger part applied last, so that the sum rounds once and the fit's rounding is scaled
        // down by x²·P/c ≤ 1/3.
        TVector s = TLanes.Multiply(x, x);
        TVector p = Step<T, TLanes, TVector>(TLanes.Create(7.898610056145117e-05f), s, -8.024794515222311e-04f);
        p = Step<T, TLanes, TVector>(p, s, 5.190160125494003e-03f);
        p = Step<T, TLanes, TVector>(p, s, -2.685491554439068e-02f);
        p = Step<T, TLanes, TVector>(p, s, 1.1283617466688156e-01f);
        p = Step<T, TLanes, TVector>(p, s, -3.761262893676758e-01f);
        p = Step<T, TLanes, TVector>(p, s, -5.8635382771399236e-08f);
        TVector small = TLanes.MultiplyAdd(x, TLanes.Create(1.128379225730896f), TLanes.Multiply(x, p));
        // 1 ≤ |x|: erf = 1 − e^(−x²)·R(z), z = min(|x|, 4), R in t = 1/(1 + z/2). Erfc(4) &lt; 2⁻²⁵, so beyond 4, where
        // the Gaussian only shrinks, the result rounds to exactly ±1, as it does at ±∞ where the Gaussian is 0.
        // e^(−x²) from x² = q + e (e exact by FMA) as e^(−q)·(1 − e), so the rounding of x², amplified by x² in the
        // exponential, does not reach the Gaussian. |x| is clamped at 11, where e^(−x²) already rounds to 0, so that
        // neither q nor e overflows; NaN passes through the clamp.
        TVector ax = TLanes.Abs(x);
        TVector xg = TLanes.Min(ax, Scalar.FromDouble<T>(11f));
        TVector q = TLanes.Multiply(xg, xg);
        TVector g = TLanes.Exp(TLanes.Negate(q));
        gaussian = TLanes.MultiplyAdd(TLanes.Negate(g), TLanes.MultiplyAdd(xg, xg, TLanes.Negate(q)), g);
        TVector t = TLanes.Divide(TLanes.One, TLanes.MultiplyAdd(TLanes.Min(ax, Scalar.FromDouble<T>(4f)), TLanes.Create(0.5f), TLanes.One));
        TVector r = Step<T, TLanes, TVector>(TLanes.Create(0.11901605129241943f), t, -0.47015175223350525f);
        r = Step<T, TLanes, TVector>(r, t, 0.5618730783462524f);
        r = Step<T, TLanes, TVector>(r, t, -0.10259240120649338f);
        r = Step<T, TLanes, TVector>(r, t, 0.34736087918281555f);
        r = Step<T, TLanes, TVector>(r, t, 0.2598017454147339f);
        r = Step<T, TLanes, TVector>(r, t, 0.28489622473716736f);
        r = Step<T, TLanes, TVector>(r, t, -0.00015318332589231431f);
        TVector large = TLanes.MultiplyAdd(TLanes.Negate(gaussian), r, TLanes.One);
        // The sign applied last also gives erf(−0) = −0, which the small form's final addition would round to +0.
        return TLanes.CopySign(TLanes.ConditionalSelect(TLanes.LessThan(ax, TLanes.One), small, large), x);
    }

    // One Horner step p·x + c.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Step<T, TLanes, TVector>(TVector p, TVector x, double c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged => TLanes.MultiplyAdd(p, x, TLanes.Create(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector TanhOfDoubles<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector s = TLanes.Multiply(x, x);
        TVector p = TLanes.MultiplyAdd(TLanes.MultiplyAdd(TLanes.Create(-9.64399179425052238628E-1), s, TLanes.Create(-9.92877231001918586564E1)), s, TLanes.Create(-1.61468768441708447952E3));
        TVector q = TLanes.MultiplyAdd(TLanes.MultiplyAdd(TLanes.Add(s, TLanes.Create(1.12811678491632931402E2)), s, TLanes.Create(2.23548839060100448583E3)), s, TLanes.Create(4.84406305325125486048E3));
        TVector small = TLanes.MultiplyAdd(TLanes.Multiply(x, s), TLanes.Divide(p, q), x);
        return TanhSelect<T, TLanes, TVector>(x, small, 44.0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector TanhOfSingles<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector s = TLanes.Multiply(x, x);
        TVector p = TLanes.MultiplyAdd(TLanes.MultiplyAdd(TLanes.MultiplyAdd(TLanes.MultiplyAdd(TLanes.Create(-5.70498872745E-3f), s, TLanes.Create(2.06390887954E-2f)), s, TLanes.Create(-5.37397155531E-2f)), s, TLanes.Create(1.33314422036E-1f)), s, TLanes.Create(-3.33332819422E-1f));
        TVector small = TLanes.MultiplyAdd(TLanes.Multiply(x, s), p, x);
        return TanhSelect<T, TLanes, TVector>(x, small, 20.0);
    }

    // tanh from the small-|x| form: that form below |x| = 0.625, ±(1 − 2/(e^(2|x|) + 1)) above. tanh saturates to 1 in T
    // long before exp overflows; clamping 2|x| at saturation keeps NaN out of 2/(∞+1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector TanhSelect<T, TLanes, TVector>(TVector x, TVector small, double saturation)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector ax = TLanes.Abs(x);
        TVector e = TLanes.Exp(TLanes.Min(TLanes.Add(ax, ax), Scalar.FromDouble<T>(saturation)));
        TVector one = TLanes.One;
        TVector large = TLanes.Subtract(one, TLanes.Divide(TLanes.Create(2.0), TLanes.Add(e, one)));
        // The sign applied last also gives tanh(−0) = −0, which the small form's final addition would round to +0.
        return TLanes.CopySign(TLanes.ConditionalSelect(TLanes.LessThan(ax, TLanes.Create(0.625)), small, large), x);
    }

    // Not force-inlined: it is long. The public overloads are one call and inline into their callers, which call this.
    private static TVector ErfOfDoubles<T, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector ax = TLanes.Min(TLanes.Abs(x), Scalar.FromDouble<T>(ScalarMath.ErfSaturation));
        // |x| < 3: (2/√π)·x·e^(−x²)·Σ cₙx²ⁿ with positive terms.
        TVector xs = TLanes.Min(ax, Scalar.FromDouble<T>(ScalarMath.ErfSeriesLimit));
        TVector s = TLanes.Multiply(xs, xs);
        double[] c = ScalarMath.ErfSeries;
        TVector p = TLanes.Create(c[^1]);
        for (int n = c.Length - 2; n >= 0; n--) p = TLanes.MultiplyAdd(p, s, TLanes.Create(c[n]));
        // e^(−x²) first, so (2/√π)·x need not be kept across the call; the products are still taken left to right.
        TVector gaussian = TLanes.Exp(TLanes.Negate(s));
        TVector series = TLanes.Multiply(TLanes.Multiply(TLanes.Multiply(TLanes.Create(ScalarMath.TwoOverSqrtPi), xs), gaussian), p);
        // |x| ≥ 3: 1 − erfc(x) with erfc from its continued fraction.
        TVector xf = TLanes.Max(ax, Scalar.FromDouble<T>(ScalarMath.ErfSeriesLimit));
        TVector f = xf;
        for (int k = ScalarMath.ErfcFractionDepth; k >= 1; k--) f = TLanes.Add(xf, TLanes.Divide(TLanes.Create(0.5 * k), f));
        TVector fraction = TLanes.Subtract(TLanes.One, TLanes.Divide(TLanes.Multiply(TLanes.Create(ScalarMath.OneOverSqrtPi), TLanes.Exp(TLanes.Negate(TLanes.Multiply(xf, xf)))), f));
        TVector magnitude = TLanes.ConditionalSelect(TLanes.LessThan(ax, TLanes.Create(ScalarMath.ErfSeriesLimit)), series, fraction);
        TVector result = TLanes.CopySign(magnitude, x);
        return TLanes.ConditionalSelect(TLanes.Equals(x, x), result, x);
    }
}
