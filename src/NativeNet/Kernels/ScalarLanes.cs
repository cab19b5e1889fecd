using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeNet.Kernels;

/// <summary>
/// One element at a time, as lane 0 of a <see cref="Vector128{T}"/>: the tail of every elementwise loop and the path
/// of machines without SIMD. The arithmetic is <see cref="VectorLanes128{T}"/>'s, so a value computed here has the same
/// bits as in any lane of any width: results never depend on where an element falls relative to a vector boundary.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public readonly unsafe struct ScalarLanes<T> : IVectorLanes<T, Vector128<T>> where T : unmanaged
{
    /// <inheritdoc/>
    public static nint Count => 1;

    /// <inheritdoc/>
    public static Vector128<T> One => Vector128<T>.One;

    /// <inheritdoc/>
    public static Vector128<T> Zero => Vector128<T>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Create(double value) => VectorLanes128<T>.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.CreateScalar(*source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, T* destination) => *destination = value.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint elementOffset) => Vector128.CreateScalar(Unsafe.Add(ref source, elementOffset));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint elementOffset) =>
        Unsafe.Add(ref destination, elementOffset) = value.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadMasked(T* source, Vector128<T> mask) =>
        IsSet(mask) ? Vector128.CreateScalar(*source) : Vector128<T>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(Vector128<T> value, T* destination, Vector128<T> mask)
    {
        if (IsSet(mask)) *destination = value.ToScalar();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FirstLanes(int valid, int offset) =>
        offset < valid ? Vector128<T>.AllBitsSet : Vector128<T>.Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> z) =>
        VectorLanes128<T>.MultiplyAdd(x, y, z);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Merge(Vector128<T> t, Vector128<T> beta, Vector128<T> c) =>
        VectorLanes128<T>.Merge(t, beta, c);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> x) => x.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.Add(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.Subtract(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.Multiply(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.Divide(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Negate(Vector128<T> x) => VectorLanes128<T>.Negate(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sqrt(Vector128<T> x) => VectorLanes128<T>.Sqrt(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Abs(Vector128<T> x) => VectorLanes128<T>.Abs(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.Max(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.Min(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> x, T bound) => VectorLanes128<T>.Min(x, bound);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, T bound) => VectorLanes128<T>.Max(x, bound);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> CopySign(Vector128<T> magnitude, Vector128<T> sign) =>
        VectorLanes128<T>.CopySign(magnitude, sign);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> x) => VectorLanes128<T>.Exp(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Log(Vector128<T> x) => VectorLanes128<T>.Log(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Round(Vector128<T> x) => VectorLanes128<T>.Round(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> PowerOfTwo(Vector128<T> n) => VectorLanes128<T>.PowerOfTwo(n);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exponent(Vector128<T> x) => VectorLanes128<T>.Exponent(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Significand(Vector128<T> x) => VectorLanes128<T>.Significand(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LessThan(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.LessThan(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LessThanOrEqual(Vector128<T> x, Vector128<T> y) =>
        VectorLanes128<T>.LessThanOrEqual(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Equals(Vector128<T> x, Vector128<T> y) => VectorLanes128<T>.Equals(x, y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ConditionalSelect(Vector128<T> mask, Vector128<T> ifTrue, Vector128<T> ifFalse) =>
        VectorLanes128<T>.ConditionalSelect(mask, ifTrue, ifFalse);

    private static bool IsSet(Vector128<T> mask) => mask.AsUInt32().ToScalar() != 0;
}
