using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NativeNet.IO;

/// <summary>
/// Reads named variables of a MATLAB level-5 MAT-file (what MATLAB saves with -v6 or -v7, and scipy's savemat):
/// numeric arrays, character arrays and cell arrays of them, each stored plainly (miMATRIX) or zlib-compressed
/// (miCOMPRESSED).
/// </summary>
/// <remarks>
/// A 128-byte header (descriptive text, version 0x0100 and the endian indicator "IM" or "MI") is followed by one data
/// element per variable: an 8-byte tag (type, size; or the 4-byte "small element" form) and its data, padded to 8
/// bytes. Every size is checked against the bytes its enclosing element holds before anything is read. A compressed
/// variable's sizes are claims about data not yet decompressed, so its elements are read in pieces and memory grows
/// only with the data actually decompressed. Variables that are not asked for are skipped (a compressed one is
/// decompressed only as far as its name). Structs, objects, sparse and complex arrays, MAT v4 and v7.3 (HDF5) files
/// are rejected with a <see cref="DataFormatException"/> naming the file and offset.
/// </remarks>
internal static class MatFileReader
{
    private const int HeaderLength = 128;
    private const int MaxDimensions = 32;
    private const int MaxNameBytes = 4096;
    private const int MaxTextBytes = 1 << 20;
    private const int MaxCellDepth = 4;

    /// <summary>The variables of <paramref name="path"/> whose names are in <paramref name="names"/>, by name.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a level-5 MAT-file, is truncated or corrupt, or a wanted variable is of a kind not read.</exception>
    public static IReadOnlyDictionary<string, MatArray> Read(string path, IReadOnlySet<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var file = BoundedInput.OpenFile(path, "MAT");
        long length = file.Length;
        var header = new byte[HeaderLength];
        int headerRead = file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        bool bigEndian = CheckHeader(header.AsSpan(0, headerRead), path);
        var variables = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        var tag = new byte[8];
        long position = HeaderLength;
        while (position < length)
        {
            if (length - position < 8)
                throw new DataFormatException(path, position, $"truncated data element: {length - position} bytes remain but a tag needs 8");
            file.Position = position;
            BoundedInput.ReadHeader(file, tag, path, position, "data element tag");
            uint type = ReadUInt32(tag, bigEndian), size = ReadUInt32(tag.AsSpan(4), bigEndian);
            if (type >> 16 != 0)
                throw new DataFormatException(path, position, "a variable cannot be a small (4-byte) data element");
            if (size > length - position - 8)
                throw new DataFormatException(path, position, $"the data element claims {size:N0} bytes but only {length - position - 8:N0} remain in the file");
            MatArray? array;
            var window = new WindowStream(file, size);
            switch ((MatDataType)type)
            {
                case MatDataType.Matrix:
                    array = new ElementReader(window, path, position + 8, compressed: false, bigEndian).ReadMatrix(size, position, 0, names);
                    break;
                case MatDataType.Compressed:
                    using (var zlib = new ZLibStream(window, CompressionMode.Decompress))
                    {
                        var reader = new ElementReader(zlib, path, position, compressed: true, bigEndian);
                        var inner = reader.ReadTag(long.MaxValue, "the compressed variable");
                        if (inner.Type != MatDataType.Matrix)
                            throw reader.Error(0, $"a compressed element holds data type {(int)inner.Type}, not a variable (miMATRIX)");
                        array = reader.ReadMatrix(8 + inner.Size, position, 0, names);
                    }
                    break;
                default:
                    throw new DataFormatException(path, position, $"data element type {type} is not a variable (miMATRIX or miCOMPRESSED)");
            }
            if (array is not null && !variables.TryAdd(array.Name, array))
                throw new DataFormatException(path, position, $"the variable '{array.Name}' appears twice");
            position += 8 + size;
        }
        return variables;
    }

    // Returns whether the file is big-endian.
    private static bool CheckHeader(ReadOnlySpan<byte> header, string path)
    {
        bool hdf5 = header.StartsWith("MATLAB 7.3"u8);
        if (header.Length < HeaderLength || hdf5 || !(header[126..128].SequenceEqual("IM"u8) || header[126..128].SequenceEqual("MI"u8)))
            throw new DataFormatException(path, hdf5 ? 0 : Math.Min(header.Length, 126), hdf5
                ? "a MAT-file of version 7.3 (HDF5) is not read; save it with -v7 or -v6"
                : "not a level-5 MAT-file: the 128-byte header with the endian indicator 'IM' or 'MI' is missing (MAT v4 files are not read)");
        bool bigEndian = header[126] == 'M';
        ushort version = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[124..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[124..]);
        if (version != 0x0100)
            throw new DataFormatException(path, 124, $"MAT-file version 0x{version:X4} is not 0x0100 (level 5)");
        return bigEndian;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    /// <summary>A data element's tag: its type, its size, where it starts and, for a small element, its data.</summary>
    private readonly record struct Tag(MatDataType Type, uint Size, long Offset, byte[]? SmallData);

    /// <summary>
    /// Reads the elements of one variable from a stream (the file, or a decompressor), counting its position so that
    /// every size can be checked against the element that encloses it.
    /// </summary>
    private sealed class ElementReader(Stream stream, string path, long fileOffset, bool compressed, bool bigEndian)
    {
        private long _position;

        // Offsets are file offsets, except inside a compressed element, whose file offset is given with the position
        // in its decompressed data.
        public DataFormatException Error(long at, string problem) => compressed
            ? new DataFormatException(path, fileOffset, $"{problem} (at byte {at:N0} of the decompressed variable)")
            : new DataFormatException(path, fileOffset + at, problem);

        public Tag ReadTag(long end, string what)
        {
            long offset = _position;
            Span<byte> bytes = stackalloc byte[8];
            Read(bytes, end, $"the tag of {what}");
            uint first = ReadUInt32(bytes, bigEndian);
            if (first >> 16 != 0)
            {
                uint smallSize = first >> 16;
                if (smallSize > 4) throw Error(offset, $"the small data element of {what} claims {smallSize} bytes; it holds at most 4");
                return new Tag((MatDataType)(first & 0xFFFF), smallSize, offset, bytes.Slice(4, (int)smallSize).ToArray());
            }
            uint size = ReadUInt32(bytes[4..], bigEndian);
            if (size > end - _position)
                throw Error(offset, $"the tag of {what} claims {size:N0} bytes but its enclosing element has {end - _position:N0} left");
            return new Tag((MatDataType)first, size, offset, null);
        }

        /// <summary>Reads an array (the data of an miMATRIX element) that ends at <paramref name="end"/>; null when its name is not wanted.</summary>
        public MatArray? ReadMatrix(long end, long arrayOffset, int depth, IReadOnlySet<string>? wanted)
        {
            // An empty element is an empty array (MATLAB writes empty cells so).
            if (_position == end) return new MatArray("", MatClass.Double, [0, 0], arrayOffset);
            var flagsTag = ReadTag(end, "the array flags");
            if (flagsTag.Type != MatDataType.UInt32 || flagsTag.Size != 8)
                throw Error(flagsTag.Offset, "an array must begin with its flags: 8 bytes of miUINT32");
            uint flags = ReadUInt32(Payload(flagsTag, end, 8, "the array flags"), bigEndian);
            var @class = (MatClass)(flags & 0xFF);
            bool complex = (flags & 0x800) != 0;

            var dimensionsTag = ReadTag(end, "the dimensions");
            if (dimensionsTag.Type != MatDataType.Int32 || dimensionsTag.Size % 4 != 0 || dimensionsTag.Size < 8 || dimensionsTag.Size > 4 * MaxDimensions)
                throw Error(dimensionsTag.Offset, $"an array's dimensions must be 2 to {MaxDimensions} miINT32 values");
            var dimensionBytes = Payload(dimensionsTag, end, 4 * MaxDimensions, "the dimensions");
            var dimensions = new int[dimensionBytes.Length / 4];
            for (int i = 0; i < dimensions.Length; i++)
            {
                int d = (int)ReadUInt32(dimensionBytes.AsSpan(4 * i), bigEndian);
                dimensions[i] = d >= 0 ? d : throw Error(dimensionsTag.Offset, $"dimension {i} is negative ({d})");
            }

            var nameTag = ReadTag(end, "the array name");
            if (nameTag.Type is not (MatDataType.Int8 or MatDataType.UInt8 or MatDataType.Utf8))
                throw Error(nameTag.Offset, $"an array name must be miINT8 text, not data type {(int)nameTag.Type}");
            string name = Encoding.UTF8.GetString(Payload(nameTag, end, MaxNameBytes, "the array name"));
            if (wanted is not null && !wanted.Contains(name)) return null;
            string described = name.Length == 0 ? "a cell element" : $"the variable '{name}'";
            if (complex) throw Error(flagsTag.Offset, $"{described} is complex; only real arrays are read");

            if (@class is >= MatClass.Double and <= MatClass.UInt64)
                return ReadNumeric(end, name, described, @class, dimensions, arrayOffset);
            return @class switch
            {
                MatClass.Char => ReadChar(end, name, described, dimensions, arrayOffset),
                MatClass.Cell => ReadCells(end, name, described, dimensions, arrayOffset, depth),
                _ => throw Error(flagsTag.Offset, $"{described} is of MATLAB class {ClassName(@class)}; only numeric, char and cell arrays are read"),
            };
        }

        private MatArray ReadNumeric(long end, string name, string described, MatClass @class, int[] dimensions, long arrayOffset)
        {
            var tag = ReadTag(end, $"the data of {described}");
            int size = MatArray.ElementSize(tag.Type);
            if (size == 0) throw Error(tag.Offset, $"the data of {described} has data type {(int)tag.Type}, which is not numeric");
            long expected = ShapeByteCount.Saturating(dimensions, size);
            if (expected != tag.Size)
                throw Error(tag.Offset, $"{described} is {string.Join("x", dimensions)} of {tag.Type}, {expected:N0} bytes, but its data holds {tag.Size:N0}");
            List<byte[]> data = tag.SmallData is { } small ? [small] : ReadPieces(tag.Size, end, $"the data of {described}");
            SkipPadding(tag, end);
            return new MatArray(name, @class, dimensions, arrayOffset, tag.Type, bigEndian, data);
        }

        private MatArray ReadChar(long end, string name, string described, int[] dimensions, long arrayOffset)
        {
            if (dimensions.Length > 2 || (dimensions[0] > 1 && dimensions[1] > 1))
                throw Error(_position, $"{described} is a {string.Join("x", dimensions)} char array; only single-row text is read");
            var tag = ReadTag(end, $"the text of {described}");
            var bytes = Payload(tag, end, MaxTextBytes, $"the text of {described}");
            string text = tag.Type switch
            {
                MatDataType.UInt16 or MatDataType.Utf16 => bigEndian ? Encoding.BigEndianUnicode.GetString(bytes) : Encoding.Unicode.GetString(bytes),
                MatDataType.UInt8 or MatDataType.Int8 or MatDataType.Utf8 => Encoding.UTF8.GetString(bytes),
                _ => throw Error(tag.Offset, $"the text of {described} has data type {(int)tag.Type}, not miUINT16 or miUTF8"),
            };
            return new MatArray(name, MatClass.Char, dimensions, arrayOffset, text: text);
        }

        private MatArray ReadCells(long end, string name, string described, int[] dimensions, long arrayOffset, int depth)
        {
            if (depth >= MaxCellDepth) throw Error(_position, $"cell arrays nested more than {MaxCellDepth} deep are not read");
            long count = ShapeByteCount.Saturating(dimensions, 1);
            // Each element needs at least its 8-byte tag, which bounds the list by the bytes that remain.
            if (count > (end - _position) / 8)
                throw Error(_position, $"{described} claims {count:N0} cells but its element has room for at most {(end - _position) / 8:N0}");
            var cells = new List<MatArray>((int)count);
            for (long i = 0; i < count; i++)
            {
                var tag = ReadTag(end, $"cell {i} of {described}");
                if (tag.Type != MatDataType.Matrix || tag.SmallData is not null)
                    throw Error(tag.Offset, $"cell {i} of {described} has data type {(int)tag.Type}, not an array (miMATRIX)");
                long cellEnd = _position + tag.Size;
                cells.Add(ReadMatrix(cellEnd, arrayOffset, depth + 1, wanted: null)!);
                Skip(cellEnd - _position, $"the rest of cell {i} of {described}");
            }
            return new MatArray(name, MatClass.Cell, dimensions, arrayOffset, cells: cells);
        }

        // A small element's data, or a full element's data read and its padding skipped; at most maxBytes.
        private byte[] Payload(Tag tag, long end, int maxBytes, string what)
        {
            if (tag.SmallData is { } small) return small;
            if (tag.Size > maxBytes) throw Error(tag.Offset, $"{what} claims {tag.Size:N0} bytes; at most {maxBytes:N0} are read");
            var bytes = new byte[tag.Size];
            Read(bytes, end, what);
            SkipPadding(tag, end);
            return bytes;
        }

        // Elements are padded to 8 bytes; a writer may leave out the padding of an element's last part.
        private void SkipPadding(Tag tag, long end)
        {
            if (tag.SmallData is not null) return;
            long padding = (8 - tag.Size % 8) % 8;
            Skip(Math.Min(padding, end - _position), "padding");
        }

        private void Skip(long count, string what)
        {
            Span<byte> discard = stackalloc byte[256];
            while (count > 0)
            {
                int n = (int)Math.Min(count, discard.Length);
                Read(discard[..n], long.MaxValue, what);
                count -= n;
            }
        }

        // Reads a payload in pieces of BoundedInput.ChunkSize, allocating each only once the previous one was filled.
        private List<byte[]> ReadPieces(long count, long end, string what)
        {
            if (count > end - _position) throw Error(_position, $"{what} claims {count:N0} bytes but its element has {end - _position:N0} left");
            var pieces = new List<byte[]>();
            for (long done = 0; done < count;)
            {
                var piece = GC.AllocateUninitializedArray<byte>((int)Math.Min(BoundedInput.ChunkSize, count - done));
                Read(piece, end, what);
                pieces.Add(piece);
                done += piece.Length;
            }
            return pieces;
        }

        private void Read(Span<byte> destination, long end, string what)
        {
            if (destination.Length > end - _position)
                throw Error(_position, $"{what} needs {destination.Length:N0} bytes but its enclosing element has {end - _position:N0} left");
            int read;
            try
            {
                read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw new DataFormatException(path, compressed ? fileOffset : fileOffset + _position, $"corrupt zlib data: {e.Message}", e);
            }
            if (read < destination.Length)
                throw Error(_position + read, compressed
                    ? $"truncated compressed variable: {what} needs {destination.Length:N0} bytes but the decompressed data ends after {read:N0}"
                    : "the file shrank while it was being read");
            _position += read;
        }
    }

    private static string ClassName(MatClass @class) =>
        Enum.IsDefined(@class) ? @class.ToString().ToLowerInvariant() : $"number {(int)@class}";

    /// <summary>At most <c>length</c> bytes of a stream from its current position, so that a decompressor cannot read past its element.</summary>
    private sealed class WindowStream(Stream inner, long length) : ForwardReadStream
    {
        private long _remaining = length;

        public override int Read(Span<byte> buffer)
        {
            if (_remaining == 0) return 0;
            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= n;
            return n;
        }
    }
}
