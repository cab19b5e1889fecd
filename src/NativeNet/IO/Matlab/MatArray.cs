using System.Buffers.Binary;

namespace NativeNet.IO;

/// <summary>
/// One array read from a MAT-file: a numeric array (its elements in MATLAB's column-major order, as stored), a
/// character array (as text) or a cell array (its elements).
/// </summary>
internal sealed class MatArray
{
    /// <summary>Creates the array; exactly one of the contents matches <paramref name="class"/>.</summary>
    public MatArray(string name, MatClass @class, int[] dimensions, long offset, MatDataType storage = MatDataType.Double,
        bool bigEndian = false, IReadOnlyList<byte[]>? data = null, string? text = null, IReadOnlyList<MatArray>? cells = null)
    {
        Name = name;
        Class = @class;
        Dimensions = dimensions;
        Offset = offset;
        Storage = storage;
        BigEndian = bigEndian;
        Data = data ?? [];
        Text = text;
        Cells = cells ?? [];
    }

    /// <summary>The variable name (empty for the elements of a cell array).</summary>
    public string Name { get; }

    /// <summary>The MATLAB class.</summary>
    public MatClass Class { get; }

    /// <summary>The dimensions (at least two).</summary>
    public int[] Dimensions { get; }

    /// <summary>The file offset to name in errors about this array (of its compressed element when compressed).</summary>
    public long Offset { get; }

    /// <summary>How a numeric array's elements are stored.</summary>
    public MatDataType Storage { get; }

    /// <summary>Whether multi-byte elements are big-endian.</summary>
    public bool BigEndian { get; }

    /// <summary>A numeric array's element bytes in column-major order, in pieces of <see cref="BoundedInput.ChunkSize"/> bytes.</summary>
    public IReadOnlyList<byte[]> Data { get; }

    /// <summary>A character array's text.</summary>
    public string? Text { get; }

    /// <summary>A cell array's elements in column-major order.</summary>
    public IReadOnlyList<MatArray> Cells { get; }

    /// <summary>The number of elements (the product of the dimensions).</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (product, axis) => product * axis);

    /// <summary>Whether the class is numeric (double, single or an integer type).</summary>
    public bool IsNumeric => Class is >= MatClass.Double and <= MatClass.UInt64;

    /// <summary>Element <paramref name="index"/> (column-major) of a numeric array, converted to double.</summary>
    public double ValueAt(long index)
    {
        int size = ElementSize(Storage);
        long at = index * size;
        var bytes = Data[(int)(at / BoundedInput.ChunkSize)].AsSpan((int)(at % BoundedInput.ChunkSize), size);
        bool big = BigEndian;
        return Storage switch
        {
            MatDataType.Int8 => (sbyte)bytes[0],
            MatDataType.UInt8 => bytes[0],
            MatDataType.Int16 => big ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
            MatDataType.UInt16 => big ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            MatDataType.Int32 => big ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
            MatDataType.UInt32 => big ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            MatDataType.Int64 => big ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes),
            MatDataType.UInt64 => big ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            MatDataType.Single => big ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes),
            MatDataType.Double => big ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            _ => throw new InvalidOperationException($"{Storage} is not a numeric storage type."),
        };
    }

    /// <summary>Bytes per element of a numeric storage type, or 0 for any other type.</summary>
    public static int ElementSize(MatDataType type) => type switch
    {
        MatDataType.Int8 or MatDataType.UInt8 => 1,
        MatDataType.Int16 or MatDataType.UInt16 => 2,
        MatDataType.Int32 or MatDataType.UInt32 or MatDataType.Single => 4,
        MatDataType.Int64 or MatDataType.UInt64 or MatDataType.Double => 8,
        _ => 0,
    };

    /// <summary>The dimensions as MATLAB prints them, e.g. 50000x3072.</summary>
    public string FormatDimensions() => string.Join("x", Dimensions);
}
