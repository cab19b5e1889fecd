namespace NativeNet.Kernels;

/// <summary>
/// The operations of one SIMD width, implemented by one struct per width (<see cref="VectorLanes512{T}"/>,
/// <see cref="VectorLanes256{T}"/>, <see cref="VectorLanes128{T}"/>, and <see cref="ScalarLanes{T}"/> for one element at
/// a time), so that a kernel is written once and instantiated at every width: the GEMM kernels, the elementwise
/// operators (<see cref="IUnaryOperator{T}"/>, run by <see cref="Elementwise"/>), the optimizer updates and
/// <see cref="VectorMath"/>.
/// The kernel is generic over the implementing struct, so the JIT compiles one specialised copy per width and inlines
/// these static members into its loops: no calls, no interface dispatch. Arithmetic is spelled out as calls
/// (<see cref="Add"/>, <see cref="Multiply"/>, ...) because the runtime's vector types expose their operators to generic
/// code only through an internal interface; each call is one correctly rounded lane-wise operation, like the operator.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
/// <typeparam name="TVector">Vector type of that width (Vector256&lt;T&gt; or Vector512&lt;T&gt;).</typeparam>
public unsafe interface IVectorLanes<T, TVector>
    where T : unmanaged
    where TVector : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract nint Count { get; }

    /// <summary>All lanes one.</summary>
    static abstract TVector One { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVector Zero { get; }

    /// <summary>A vector of <paramref name="value"/> in every lane.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>A vector of <paramref name="value"/> rounded to <typeparamref name="T"/> in every lane (a literal of a generated operator).</summary>
    static abstract TVector Create(double value);

    /// <summary>Unaligned load of <see cref="Count"/> elements.</summary>
    static abstract TVector Load(T* source);

    /// <summary>Unaligned store of <see cref="Count"/> elements.</summary>
    static abstract void Store(TVector value, T* destination);

    /// <summary>Unaligned load of <see cref="Count"/> elements from <paramref name="elementOffset"/> elements past <paramref name="source"/>.</summary>
    static abstract TVector Load(ref T source, nuint elementOffset);

    /// <summary>Unaligned store of <see cref="Count"/> elements at <paramref name="elementOffset"/> elements past <paramref name="destination"/>.</summary>
    static abstract void Store(TVector value, ref T destination, nuint elementOffset);

    /// <summary>Loads the lanes set in <paramref name="mask"/> (others zero) without touching memory past them.</summary>
    static abstract TVector LoadMasked(T* source, TVector mask);

    /// <summary>Stores the lanes set in <paramref name="mask"/> without touching memory past them.</summary>
    static abstract void StoreMasked(TVector value, T* destination, TVector mask);

    /// <summary>Mask of lanes i with <paramref name="offset"/> + i &lt; <paramref name="valid"/>.</summary>
    static abstract TVector FirstLanes(int valid, int offset);

    /// <summary>x·y + z with a single rounding.</summary>
    static abstract TVector MultiplyAdd(TVector x, TVector y, TVector z);

    /// <summary>t + β·c, rounded as the packed kernels' merge (a multiply then an add).</summary>
    static abstract TVector Merge(TVector t, TVector beta, TVector c);

    /// <summary>The sum of the lanes (for <see cref="ScalarLanes{T}"/>, its one lane): the step of a reduction.</summary>
    static abstract T Sum(TVector x);

    /// <summary>Lane-wise sum.</summary>
    static abstract TVector Add(TVector x, TVector y);

    /// <summary>Lane-wise difference.</summary>
    static abstract TVector Subtract(TVector x, TVector y);

    /// <summary>Lane-wise product.</summary>
    static abstract TVector Multiply(TVector x, TVector y);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TVector Divide(TVector x, TVector y);

    /// <summary>Lane-wise negation (flips the sign bit, so −0 for 0).</summary>
    static abstract TVector Negate(TVector x);

    /// <summary>Lane-wise square root.</summary>
    static abstract TVector Sqrt(TVector x);

    /// <summary>Lane-wise absolute value.</summary>
    static abstract TVector Abs(TVector x);

    /// <summary>Lane-wise maximum.</summary>
    static abstract TVector Max(TVector x, TVector y);

    /// <summary>Lane-wise minimum.</summary>
    static abstract TVector Min(TVector x, TVector y);

    /// <summary>
    /// Lane-wise min(x, <paramref name="bound"/>). Kernels pass constant bounds here rather than as a broadcast vector:
    /// the JIT compiles Min against a vector it can see is constant (hence neither NaN nor a signed zero) to one
    /// vminps/vminpd, but against a vector coming out of an inlined <see cref="Broadcast"/> to the general IEEE sequence.
    /// </summary>
    static abstract TVector Min(TVector x, T bound);

    /// <summary>Lane-wise max(x, <paramref name="bound"/>); takes a scalar bound for the reason given at <see cref="Min(TVector, T)"/>.</summary>
    static abstract TVector Max(TVector x, T bound);

    /// <summary>Each lane of <paramref name="magnitude"/> with the sign of the same lane of <paramref name="sign"/>.</summary>
    static abstract TVector CopySign(TVector magnitude, TVector sign);

    /// <summary>
    /// Lane-wise e^x: <see cref="VectorMath.Exp{T, TLanes, TVector}"/>, computed in the element type, each lane
    /// independently of its neighbours.
    /// </summary>
    static abstract TVector Exp(TVector x);

    /// <summary>
    /// Lane-wise natural logarithm: <see cref="VectorMath.Log{T, TLanes, TVector}"/>, computed in the element type, each
    /// lane independently of its neighbours.
    /// </summary>
    static abstract TVector Log(TVector x);

    /// <summary>Lane-wise round to the nearest integer, ties to even.</summary>
    static abstract TVector Round(TVector x);

    /// <summary>
    /// 2ⁿ for lanes holding an integer n in the normal exponent range of T ([−126, 127] for float, [−1022, 1023] for
    /// double), built directly in the exponent bits; other lanes give an unspecified value.
    /// </summary>
    static abstract TVector PowerOfTwo(TVector n);

    /// <summary>
    /// The unbiased exponent ⌊log₂ x⌋ of positive normal lanes, as a T value (the exponent field of the bits);
    /// unspecified for zero, subnormal, negative, infinite or NaN lanes.
    /// </summary>
    static abstract TVector Exponent(TVector x);

    /// <summary>
    /// x / 2^⌊log₂ x⌋ ∈ [1, 2) for positive normal lanes (the fraction bits with a zero exponent); unspecified for
    /// zero, subnormal, negative, infinite or NaN lanes.
    /// </summary>
    static abstract TVector Significand(TVector x);

    /// <summary>Mask of lanes where <paramref name="x"/> &lt; <paramref name="y"/>.</summary>
    static abstract TVector LessThan(TVector x, TVector y);

    /// <summary>Mask of lanes where <paramref name="x"/> ≤ <paramref name="y"/>.</summary>
    static abstract TVector LessThanOrEqual(TVector x, TVector y);

    /// <summary>Mask of lanes where <paramref name="x"/> == <paramref name="y"/> (false in NaN lanes).</summary>
    static abstract TVector Equals(TVector x, TVector y);

    /// <summary>The lanes of <paramref name="ifTrue"/> where <paramref name="mask"/> is set, the lanes of <paramref name="ifFalse"/> elsewhere.</summary>
    static abstract TVector ConditionalSelect(TVector mask, TVector ifTrue, TVector ifFalse);
}
