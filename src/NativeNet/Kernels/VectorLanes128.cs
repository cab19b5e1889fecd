using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NativeNet.Kernels;

/// <summary>
/// The 128-bit lanes of <see cref="IVectorLanes{T, TVector}"/>: <see cref="Vector128{T}"/> operations (SSE/AVX on x64,
/// AdvSimd on Arm64).
/// </summary>
public readonly unsafe struct VectorLanes128<T> : IVectorLanes<T, Vector128<T>> where T : unmanaged
{
    /// <inheritdoc/>
    public static nint Count => Vector128<T>.Count;

    /// <inheritdoc/>
    public static Vector128<T> One => Vector128<T>.One;

    /// <inheritdoc/>
    public static Vector128<T> Zero => Vector128<T>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Create(double value) => Vector128.Create(Scalar.FromDouble<T>(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, T* destination) => Vector128.Store(value, destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint elementOffset) => Vector128.LoadUnsafe(ref source, elementOffset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint elementOffset) => value.StoreUnsafe(ref destination, elementOffset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadMasked(T* source, Vector128<T> mask)
    {
        if (Avx.IsSupported)
        {
            if (typeof(T) == typeof(float))
                return Avx.MaskLoad((float*)source, mask.AsSingle()).As<float, T>();
            return Avx.MaskLoad((double*)source, mask.AsDouble()).As<double, T>();
        }
        // Lane by lane, so that no element past the mask is read (it may lie on an unmapped page).
        var result = Vector128<T>.Zero;
        for (int i = 0; i < Vector128<T>.Count; i++)
            if (mask.AsUInt32().GetElement(i * sizeof(T) / sizeof(uint)) != 0) result = result.WithElement(i, source[i]);
        return result;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(Vector128<T> value, T* destination, Vector128<T> mask)
    {
        if (Avx.IsSupported)
        {
            if (typeof(T) == typeof(float))
                Avx.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
            else
                Avx.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
            return;
        }
        for (int i = 0; i < Vector128<T>.Count; i++)
            if (mask.AsUInt32().GetElement(i * sizeof(T) / sizeof(uint)) != 0) destination[i] = value.GetElement(i);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FirstLanes(int valid, int offset)
    {
        if (typeof(T) == typeof(float))
            return Vector128.LessThan(Vector128<int>.Indices + Vector128.Create(offset), Vector128.Create(valid)).AsSingle().As<float, T>();
        return Vector128.LessThan(Vector128<long>.Indices + Vector128.Create((long)offset), Vector128.Create((long)valid)).AsDouble().As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        return Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Merge(Vector128<T> t, Vector128<T> beta, Vector128<T> c) => t + beta * c;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> x) => Vector128.Sum(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> x, Vector128<T> y) => x - y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => x * y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> x, Vector128<T> y) => x / y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Negate(Vector128<T> x) => -x;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sqrt(Vector128<T> x) => Vector128.Sqrt(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Abs(Vector128<T> x) => Vector128.Abs(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> x, Vector128<T> y) => Vector128.Min(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> x, T bound) => Vector128.Min(x, Vector128.Create(bound));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, T bound) => Vector128.Max(x, Vector128.Create(bound));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> CopySign(Vector128<T> magnitude, Vector128<T> sign) =>
        // The sign bit selected by bit operations: the runtime's CopySign is a generic call the JIT may leave un-inlined.
        Vector128.ConditionalSelect(Create(-0.0), sign, magnitude);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> x)
    {
        // Ours in both precisions: the runtime's vector Exp and Log give a lane other bits when a neighbour is special.
        if (typeof(T) == typeof(float))
            return VectorMath.Exp<float, VectorLanes128<float>, Vector128<float>>(x.AsSingle()).As<float, T>();
        return VectorMath.Exp<double, VectorLanes128<double>, Vector128<double>>(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log(Vector128<T> x)
    {
        if (typeof(T) == typeof(float))
            return VectorMath.Log<float, VectorLanes128<float>, Vector128<float>>(x.AsSingle()).As<float, T>();
        return VectorMath.Log<double, VectorLanes128<double>, Vector128<double>>(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Round(Vector128<T> x)
    {
        if (typeof(T) == typeof(float))
            return Vector128.Round(x.AsSingle()).As<float, T>();
        return Vector128.Round(x.AsDouble()).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> PowerOfTwo(Vector128<T> n)
    {
        // n + 1.5·2^p + bias (p = fraction bits) is exact and holds n + bias in its low fraction bits; shifting those
        // into the exponent field gives 2ⁿ without a float-to-integer conversion.
        if (typeof(T) == typeof(float))
            return Vector128.ShiftLeft((n.AsSingle() + Vector128.Create(12583039f)).AsInt32(), 23).As<int, T>();
        return Vector128.ShiftLeft((n.AsDouble() + Vector128.Create(6755399441056767.0)).AsInt64(), 52).As<long, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exponent(Vector128<T> x)
    {
        // The exponent field placed in the fraction of 2^p (p = fraction bits) gives 2^p + field exactly; subtracting
        // 2^p + bias leaves the unbiased exponent without an integer-to-float conversion.
        if (typeof(T) == typeof(float))
            return ((Vector128.ShiftRightLogical(x.AsUInt32(), 23) | Vector128.Create(0x4B000000u)).AsSingle() - Vector128.Create(8388735f)).As<float, T>();
        return ((Vector128.ShiftRightLogical(x.AsUInt64(), 52) | Vector128.Create(0x4330000000000000ul)).AsDouble() - Vector128.Create(4503599627371519.0)).As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Significand(Vector128<T> x)
    {
        if (typeof(T) == typeof(float))
            return (x.AsUInt32() & Vector128.Create(0x007FFFFFu) | Vector128.Create(0x3F800000u)).AsSingle().As<float, T>();
        return (x.AsUInt64() & Vector128.Create(0x000FFFFFFFFFFFFFul) | Vector128.Create(0x3FF0000000000000ul)).AsDouble().As<double, T>();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LessThanOrEqual(Vector128<T> x, Vector128<T> y) => Vector128.LessThanOrEqual(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LessThan(Vector128<T> x, Vector128<T> y) => Vector128.LessThan(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Equals(Vector128<T> x, Vector128<T> y) => Vector128.Equals(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ConditionalSelect(Vector128<T> mask, Vector128<T> ifTrue, Vector128<T> ifFalse) =>
        Vector128.ConditionalSelect(mask, ifTrue, ifFalse);
}
