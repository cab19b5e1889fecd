using System.Buffers.Binary;

namespace NativeNet.IO;

/// <summary>
/// A numpy array read from a pickle: its shape, dtype, memory order and raw element bytes (a view of the pickle's
/// bytes where it could be, so a large array is not copied).
/// </summary>
internal sealed class PickledArray
{
    /// <summary>The axes; empty until the array is built.</summary>
    public int[] Shape { get; private set; } = [];

    /// <summary>The element type; null until the array is built.</summary>
    public PickledDType? DType { get; private set; }

    /// <summary>Whether the elements are stored in Fortran (column-major) order.</summary>
    public bool FortranOrder { get; private set; }

    /// <summary>The raw elements, <see cref="Shape"/>'s product times the item size bytes.</summary>
    public ArraySegment<byte> Data { get; private set; }

    /// <summary>Whether the array's state has been set (by BUILD, or at once by <c>_frombuffer</c>).</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>Sets the state once; the caller has checked that <paramref name="data"/> holds exactly the shape's elements.</summary>
    public void Build(int[] shape, PickledDType dtype, bool fortranOrder, ArraySegment<byte> data)
    {
        Shape = shape;
        DType = dtype;
        FortranOrder = fortranOrder;
        Data = data;
        IsBuilt = true;
    }

    /// <summary>Element <paramref name="index"/> of an integer or bool array, in the dtype's byte order.</summary>
    public long IntegerAt(long index)
    {
        var dtype = DType ?? throw new InvalidOperationException("The array has not been built.");
        var bytes = Data.AsSpan().Slice(checked((int)(index * dtype.ItemSize)), dtype.ItemSize);
        bool big = dtype.IsBigEndian;
        return (dtype.Kind, dtype.ItemSize) switch
        {
            ('i', 1) => (sbyte)bytes[0],
            ('u' or 'b', 1) => bytes[0],
            ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
            ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
            ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            ('i', 8) => big ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes),
            ('u', 8) => UnsignedOrNegative(big ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes)),
            _ => throw new InvalidOperationException($"A {dtype} array does not hold integers."),
        };
    }

    // A value beyond long's range is reported as -1, so that a caller's range check rejects it.
    private static long UnsignedOrNegative(ulong value) => value > long.MaxValue ? -1 : (long)value;
}
