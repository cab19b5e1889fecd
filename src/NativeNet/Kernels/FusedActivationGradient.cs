using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeNet.Kernels;

/// <summary>
/// Back-propagation through a <see cref="FusedActivation"/> from the layer's saved output: dz = dy·f′ with f′ read off
/// y = f(z), so a layer that fuses the activation needs neither z nor a separate activation layer. One small operator
/// struct per activation and one loop for all, as in TensorPrimitives.
/// </summary>
internal static class FusedActivationGradient
{
    /// <summary>dz = dy·f′(z) for y = f(z); <paramref name="dz"/> may be <paramref name="dy"/> itself. None copies dy.</summary>
    public static void Apply<T>(FusedActivation activation, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case FusedActivation.Relu: Apply<T, Relu<T>>(y, dy, dz); break;
            case FusedActivation.Sigmoid: Apply<T, Sigmoid<T>>(y, dy, dz); break;
            default: dy.CopyTo(dz); break;
        }
    }

    private static void Apply<T, TDerivative>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDerivative : IDerivative<T>
    {
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dyr = ref MemoryMarshal.GetReference(dy);
        ref T dzr = ref MemoryMarshal.GetReference(dz);
        int i = 0;
        for (; i <= dz.Length - Vector<T>.Count; i += Vector<T>.Count)
            TDerivative.Invoke(Vector.LoadUnsafe(ref yr, (nuint)i), Vector.LoadUnsafe(ref dyr, (nuint)i)).StoreUnsafe(ref dzr, (nuint)i);
        for (; i < dz.Length; i++)
            Unsafe.Add(ref dzr, i) = TDerivative.Invoke(Unsafe.Add(ref yr, i), Unsafe.Add(ref dyr, i));
    }

    /// <summary>dz from y = f(z) and dy, for lanes and for one value.</summary>
    private interface IDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract Vector<T> Invoke(Vector<T> y, Vector<T> dy);

        static abstract T Invoke(T y, T dy);
    }

    // y > 0 exactly where z was > 0: the relu layer's derivative (0 at the kink).
    private readonly struct Relu<T> : IDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Invoke(Vector<T> y, Vector<T> dy) => Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<T>.Zero), dy, Vector<T>.Zero);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T y, T dy) => y > T.Zero ? dy : T.Zero;
    }

    // σ′ = σ·(1 − σ).
    private readonly struct Sigmoid<T> : IDerivative<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Invoke(Vector<T> y, Vector<T> dy) => (Vector<T>.One - y) * y * dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Invoke(T y, T dy) => (T.One - y) * y * dy;
    }
}
