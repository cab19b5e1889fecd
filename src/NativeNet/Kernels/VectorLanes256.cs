using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeNet.Kernels;

/// <summary>The 256-bit (AVX2) lanes of <see cref="IVectorLanes{T, TVector}"/>: <see cref="Vector256{T}"/> operations.</summary>
public readonly unsafe struct VectorLanes256<T> : IVectorLanes<T, Vector256<T>> where T : unmanaged
{
    /// <inheritdoc/>
    public static nint Count => Vector256<T>.Count;

    /// <inheritdoc/>
    public static Vector256<T> One => Vector256<T>.One;

    /// <inheritdoc/>
    public static Vector256<T> Zero => Vector256<T>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Create(double value) => Vector256.Create(Scalar.FromDouble<T>(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, T* destination) => Vector256.Store(value, destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint elementOffset) => Vector256.LoadUnsafe(ref source, elementOffset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadMasked(T* source, Vector256<T> mask)
    {
        if (typeof(T) == typeof(float))
            return Avx.MaskLoad((float*)source, mask.AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)source, mask.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(Vector256<T> value, T* destination, Vector256<T> mask)
    {
        if (typeof(T) == typeof(float))
            Avx.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
        else
            Avx.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FirstLanes(int valid, int offset)
    {
        if (typeof(T) == typeof(float))
            return Vector256.LessThan(Vector256<int>.Indices + Vector256.Create(offset), Vector256.Create(valid)).AsSingle().As<float, T>();
        return Vector256.LessThan(Vector256<long>.Indices + Vector256.Create((long)offset), Vector256.Create((long)valid)).AsDouble().As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Merge(Vector256<T> t, Vector256<T> beta, Vector256<T> c) => t + beta * c;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> x) => Vector256.Sum(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> x, Vector256<T> y) => x - y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> x, Vector256<T> y) => x / y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Negate(Vector256<T> x) => -x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> x) => Vector256.Sqrt(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Abs(Vector256<T> x) => Vector256.Abs(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Min(Vector256<T> x, Vector256<T> y) => Vector256.Min(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Min(Vector256<T> x, T bound) => Vector256.Min(x, Vector256.Create(bound));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> x, T bound) => Vector256.Max(x, Vector256.Create(bound));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> CopySign(Vector256<T> magnitude, Vector256<T> sign) =>
        // The sign bit selected by bit operations: the runtime's CopySign is a generic call the JIT may leave un-inlined.
        Vector256.ConditionalSelect(Create(-0.0), sign, magnitude);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> x)
    {
        // Ours in both precisions: the runtime's vector Exp and Log give a lane other bits when a neighbour is special.
        if (typeof(T) == typeof(float))
            return VectorMath.Exp<float, VectorLanes256<float>, Vector256<float>>(x.AsSingle()).As<float, T>();
        return VectorMath.Exp<double, VectorLanes256<double>, Vector256<double>>(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log(Vector256<T> x)
    {
        if (typeof(T) == typeof(float))
            return VectorMath.Log<float, VectorLanes256<float>, Vector256<float>>(x.AsSingle()).As<float, T>();
        return VectorMath.Log<double, VectorLanes256<double>, Vector256<double>>(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Round(Vector256<T> x)
    {
        if (typeof(T) == typeof(float))
            return Vector256.Round(x.AsSingle()).As<float, T>();
        return Vector256.Round(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> PowerOfTwo(Vector256<T> n)
    {
        // n + 1.5·2^p + bias (p = fraction bits) is exact and holds n + bias in its low fraction bits; shifting those
        // into the exponent field gives 2ⁿ without a float-to-integer conversion.
        if (typeof(T) == typeof(float))
            return Vector256.ShiftLeft((n.AsSingle() + Vector256.Create(12583039f)).AsInt32(), 23).As<int, T>();
        return Vector256.ShiftLeft((n.AsDouble() + Vector256.Create(6755399441056767.0)).AsInt64(), 52).As<long, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exponent(Vector256<T> x)
    {
        // The exponent field placed in the fraction of 2^p (p = fraction bits) gives 2^p + field exactly; subtracting
        // 2^p + bias leaves the unbiased exponent without an integer-to-float conversion.
        if (typeof(T) == typeof(float))
            return ((Vector256.ShiftRightLogical(x.AsUInt32(), 23) | Vector256.Create(0x4B000000u)).AsSingle() - Vector256.Create(8388735f)).As<float, T>();
        return ((Vector256.ShiftRightLogical(x.AsUInt64(), 52) | Vector256.Create(0x4330000000000000ul)).AsDouble() - Vector256.Create(4503599627371519.0)).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Significand(Vector256<T> x)
    {
        if (typeof(T) == typeof(float))
            return (x.AsUInt32() & Vector256.Create(0x007FFFFFu) | Vector256.Create(0x3F800000u)).AsSingle().As<float, T>();
        return (x.AsUInt64() & Vector256.Create(0x000FFFFFFFFFFFFFul) | Vector256.Create(0x3FF0000000000000ul)).AsDouble().As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LessThanOrEqual(Vector256<T> x, Vector256<T> y) => Vector256.LessThanOrEqual(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LessThan(Vector256<T> x, Vector256<T> y) => Vector256.LessThan(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Equals(Vector256<T> x, Vector256<T> y) => Vector256.Equals(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ConditionalSelect(Vector256<T> mask, Vector256<T> ifTrue, Vector256<T> ifFalse) =>
        Vector256.ConditionalSelect(mask, ifTrue, ifFalse);
}
