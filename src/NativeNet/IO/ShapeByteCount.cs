namespace NativeNet.IO;

/// <summary>The number of bytes a claimed array shape needs, computed without overflow.</summary>
internal static class ShapeByteCount
{
    /// <summary>
    /// The product of <paramref name="elementSize"/> and every axis, saturated at <see cref="long.MaxValue"/>: a
    /// wrapped product could otherwise make an absurd shape look small. Any zero axis makes the count 0.
    /// </summary>
    public static long Saturating(ReadOnlySpan<int> shape, int elementSize)
    {
        if (shape.Contains(0)) return 0;
        long total = elementSize;
        foreach (int d in shape)
        {
            if (total > long.MaxValue / d) return long.MaxValue;
            total *= d;
        }
        return total;
    }

    /// <summary>
    /// Whether an array of this shape can be allocated: like the array types, this requires every running product of
    /// the axes, from the first, to fit one array, so even an empty shape with absurd leading axes is refused.
    /// </summary>
    public static bool FitsOneArray(ReadOnlySpan<int> shape)
    {
        long total = 1;
        foreach (int d in shape)
        {
            total = d == 0 ? 0 : total > Array.MaxLength / d ? long.MaxValue : total * d;
            if (total > Array.MaxLength) return false;
        }
        return true;
    }
}
