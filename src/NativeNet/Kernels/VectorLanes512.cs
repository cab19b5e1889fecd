using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeNet.Kernels;

/// <summary>The 512-bit (AVX-512) lanes of <see cref="IVectorLanes{T, TVector}"/>: <see cref="Vector512{T}"/> operations.</summary>
public readonly unsafe struct VectorLanes512<T> : IVectorLanes<T, Vector512<T>> where T : unmanaged
{
    /// <inheritdoc/>
    public static nint Count => Vector512<T>.Count;

    /// <inheritdoc/>
    public static Vector512<T> One => Vector512<T>.One;

    /// <inheritdoc/>
    public static Vector512<T> Zero => Vector512<T>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(double value) => Vector512.Create(Scalar.FromDouble<T>(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, T* destination) => Vector512.Store(value, destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint elementOffset) => Vector512.LoadUnsafe(ref source, elementOffset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadMasked(T* source, Vector512<T> mask)
    {
        if (typeof(T) == typeof(float))
            return Avx512F.MaskLoad((float*)source, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();
        return Avx512F.MaskLoad((double*)source, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(Vector512<T> value, T* destination, Vector512<T> mask)
    {
        if (typeof(T) == typeof(float))
            Avx512F.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
        else
            Avx512F.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FirstLanes(int valid, int offset)
    {
        if (typeof(T) == typeof(float))
            return Vector512.LessThan(Vector512<int>.Indices + Vector512.Create(offset), Vector512.Create(valid)).AsSingle().As<float, T>();
        return Vector512.LessThan(Vector512<long>.Indices + Vector512.Create((long)offset), Vector512.Create((long)valid)).AsDouble().As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Merge(Vector512<T> t, Vector512<T> beta, Vector512<T> c) => t + beta * c;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> x) => Vector512.Sum(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> x, Vector512<T> y) => x - y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> x, Vector512<T> y) => x / y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Negate(Vector512<T> x) => -x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> x) => Vector512.Sqrt(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> x) => Vector512.Abs(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> x, Vector512<T> y) => Vector512.Min(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> x, T bound) => Vector512.Min(x, Vector512.Create(bound));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> x, T bound) => Vector512.Max(x, Vector512.Create(bound));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> CopySign(Vector512<T> magnitude, Vector512<T> sign) =>
        // The sign bit selected by bit operations: the runtime's CopySign is a generic call the JIT may leave un-inlined.
        Vector512.ConditionalSelect(Create(-0.0), sign, magnitude);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> x)
    {
        // Ours in both precisions: the runtime's vector Exp and Log give a lane other bits when a neighbour is special.
        if (typeof(T) == typeof(float))
            return VectorMath.Exp<float, VectorLanes512<float>, Vector512<float>>(x.AsSingle()).As<float, T>();
        return VectorMath.Exp<double, VectorLanes512<double>, Vector512<double>>(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log(Vector512<T> x)
    {
        if (typeof(T) == typeof(float))
            return VectorMath.Log<float, VectorLanes512<float>, Vector512<float>>(x.AsSingle()).As<float, T>();
        return VectorMath.Log<double, VectorLanes512<double>, Vector512<double>>(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Round(Vector512<T> x)
    {
        if (typeof(T) == typeof(float))
            return Vector512.Round(x.AsSingle()).As<float, T>();
        return Vector512.Round(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> PowerOfTwo(Vector512<T> n)
    {
        // n + 1.5·2^p + bias (p = fraction bits) is exact and holds n + bias in its low fraction bits; shifting those
        // into the exponent field gives 2ⁿ without a float-to-integer conversion.
        if (typeof(T) == typeof(float))
            return Vector512.ShiftLeft((n.AsSingle() + Vector512.Create(12583039f)).AsInt32(), 23).As<int, T>();
        return Vector512.ShiftLeft((n.AsDouble() + Vector512.Create(6755399441056767.0)).AsInt64(), 52).As<long, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exponent(Vector512<T> x)
    {
        // The exponent field placed in the fraction of 2^p (p = fraction bits) gives 2^p + field exactly; subtracting
        // 2^p + bias leaves the unbiased exponent without an integer-to-float conversion.
        if (typeof(T) == typeof(float))
            return ((Vector512.ShiftRightLogical(x.AsUInt32(), 23) | Vector512.Create(0x4B000000u)).AsSingle() - Vector512.Create(8388735f)).As<float, T>();
        return ((Vector512.ShiftRightLogical(x.AsUInt64(), 52) | Vector512.Create(0x4330000000000000ul)).AsDouble() - Vector512.Create(4503599627371519.0)).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Significand(Vector512<T> x)
    {
        if (typeof(T) == typeof(float))
            return (x.AsUInt32() & Vector512.Create(0x007FFFFFu) | Vector512.Create(0x3F800000u)).AsSingle().As<float, T>();
        return (x.AsUInt64() & Vector512.Create(0x000FFFFFFFFFFFFFul) | Vector512.Create(0x3FF0000000000000ul)).AsDouble().As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LessThanOrEqual(Vector512<T> x, Vector512<T> y) => Vector512.LessThanOrEqual(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LessThan(Vector512<T> x, Vector512<T> y) => Vector512.LessThan(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Equals(Vector512<T> x, Vector512<T> y) => Vector512.Equals(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ConditionalSelect(Vector512<T> mask, Vector512<T> ifTrue, Vector512<T> ifFalse) =>
        Vector512.ConditionalSelect(mask, ifTrue, ifFalse);
}
