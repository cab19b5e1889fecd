using System.Runtime.CompilerServices;

namespace NativeNet.Kernels;

/// <summary>Conversions of constants into the element type of lanes that are only known to be unmanaged.</summary>
internal static class Scalar
{
    /// <summary><paramref name="value"/> as a float (rounded) or a double; the JIT folds the branch per type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FromDouble<T>(double value) where T : unmanaged =>
        typeof(T) == typeof(float) ? Unsafe.BitCast<float, T>((float)value)
        : typeof(T) == typeof(double) ? Unsafe.BitCast<double, T>(value)
        : throw new NotSupportedException($"Lanes of {typeof(T).Name} have no floating-point constants.");
}
