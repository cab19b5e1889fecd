using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NativeNet.Data;

/// <summary>Vectorized conversion of 8-bit samples (pixels, the digits' 0..16 counts) into float or double.</summary>
internal static class ByteWidening
{
    /// <summary>Writes each byte of <paramref name="source"/> as a <typeparamref name="T"/> into <paramref name="destination"/>.</summary>
    public static void Widen<T>(ReadOnlySpan<byte> source, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.ConvertChecked(source, MemoryMarshal.Cast<T, float>(destination));
        else TensorPrimitives.ConvertChecked(source, MemoryMarshal.Cast<T, double>(destination));
    }
}
