using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NativeNet.Kernels;

/// <summary>
/// Pinned arrays whose used part starts on a cache line, for storage the kernels read with vector loads: a row of a
/// multiple of 64 bytes then never splits a load across two lines. Pinned, the array never moves, so the offset found
/// at allocation holds for its whole life.
/// </summary>
internal static class CacheLineArray
{
    /// <summary>The boundary in bytes: a cache line, and a 512-bit vector.</summary>
    public const int Alignment = 64;

    /// <summary>
    /// A pinned array holding <paramref name="length"/> values from index <paramref name="offset"/>, whose address is a
    /// multiple of <see cref="Alignment"/>; zeroed unless <paramref name="uninitialized"/>.
    /// </summary>
    public static unsafe T[] Allocate<T>(int length, bool uninitialized, out int offset) where T : unmanaged
    {
        int slack = Alignment / sizeof(T) - 1;
        T[] array = uninitialized
            ? GC.AllocateUninitializedArray<T>(checked(length + slack), pinned: true)
            : GC.AllocateArray<T>(checked(length + slack), pinned: true);
        T* start = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        offset = (int)(FirstLine(start) - start);
        return array;
    }

    /// <summary>The first address at or after <paramref name="pointer"/> that is a multiple of <see cref="Alignment"/>.</summary>
    public static unsafe T* FirstLine<T>(T* pointer) where T : unmanaged =>
        (T*)(((nint)pointer + Alignment - 1) & -(nint)Alignment);
}
