using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeNet.Kernels;

/// <summary>
/// Back-propagation through a <see cref="FusedActivation"/> from the layer's saved output: dz = dy·f′ with f′ read off
/// y = f(z), so a layer that fuses the activation needs neither z nor a separate activation layer.
/// </summary>
internal static class FusedActivationGradient
{
    /// <summary>dz = dy·f′(z) for y = f(z); <paramref name="dz"/> may be <paramref name="dy"/> itself. None copies dy.</summary>
    public static void Apply<T>(FusedActivation activation, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case FusedActivation.Relu:
            {
                // y > 0 exactly where z was > 0, the relu layer's derivative (0 at the kink).
                ref T yr = ref MemoryMarshal.GetReference(y);
                ref T dyr = ref MemoryMarshal.GetReference(dy);
                ref T dzr = ref MemoryMarshal.GetReference(dz);
                int i = 0;
                for (; i <= dz.Length - Vector<T>.Count; i += Vector<T>.Count)
                    Vector.ConditionalSelect(Vector.GreaterThan(Vector.LoadUnsafe(ref yr, (nuint)i), Vector<T>.Zero), Vector.LoadUnsafe(ref dyr, (nuint)i), Vector<T>.Zero)
                        .StoreUnsafe(ref dzr, (nuint)i);
                for (; i < dz.Length; i++) Unsafe.Add(ref dzr, i) = Unsafe.Add(ref yr, i) > T.Zero ? Unsafe.Add(ref dyr, i) : T.Zero;
                break;
            }
            case FusedActivation.Sigmoid:
            {
                // σ′ = σ·(1 − σ); dz is written last so it may alias dy.
                ref T yr = ref MemoryMarshal.GetReference(y);
                ref T dyr = ref MemoryMarshal.GetReference(dy);
                ref T dzr = ref MemoryMarshal.GetReference(dz);
                int i = 0;
                for (; i <= dz.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var s = Vector.LoadUnsafe(ref yr, (nuint)i);
                    ((Vector<T>.One - s) * s * Vector.LoadUnsafe(ref dyr, (nuint)i)).StoreUnsafe(ref dzr, (nuint)i);
                }
                for (; i < dz.Length; i++)
                {
                    T s = Unsafe.Add(ref yr, i);
                    Unsafe.Add(ref dzr, i) = (T.One - s) * s * Unsafe.Add(ref dyr, i);
                }
                break;
            }
            default:
                dy.CopyTo(dz);
                break;
        }
    }
}
