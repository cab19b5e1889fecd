using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NativeNet.Fuzz;

/// <summary>
/// Writes a MATLAB level-5 MAT-file as MATLAB does: a 128-byte header, then one data element per variable, plain
/// (miMATRIX) or zlib-compressed (miCOMPRESSED); names of up to 4 characters in the small element form, char arrays
/// as miUINT16. Used for the fuzz seeds and by the tests, which also build broken files from its parts.
/// </summary>
public sealed class MatFileBuilder
{
    /// <summary>miINT8.</summary>
    public const int MiInt8 = 1;
    /// <summary>miUINT8.</summary>
    public const int MiUInt8 = 2;
    /// <summary>miUINT16.</summary>
    public const int MiUInt16 = 4;
    /// <summary>miINT32.</summary>
    public const int MiInt32 = 5;
    /// <summary>miUINT32.</summary>
    public const int MiUInt32 = 6;
    /// <summary>miDOUBLE.</summary>
    public const int MiDouble = 9;
    /// <summary>miMATRIX.</summary>
    public const int MiMatrix = 14;
    /// <summary>miCOMPRESSED.</summary>
    public const int MiCompressed = 15;

    /// <summary>mxCELL_CLASS.</summary>
    public const int CellClass = 1;
    /// <summary>mxSTRUCT_CLASS.</summary>
    public const int StructClass = 2;
    /// <summary>mxCHAR_CLASS.</summary>
    public const int CharClass = 4;
    /// <summary>mxDOUBLE_CLASS.</summary>
    public const int DoubleClass = 6;
    /// <summary>mxUINT8_CLASS.</summary>
    public const int UInt8Class = 9;

    private readonly List<byte[]> _elements = [];

    /// <summary>The file: header and every variable added so far.</summary>
    public byte[] ToArray()
    {
        var file = new MemoryStream();
        file.Write(Header());
        foreach (var element in _elements) file.Write(element);
        return file.ToArray();
    }

    /// <summary>The 128-byte header: text, subsystem offset, version 0x0100 and the little-endian indicator "IM".</summary>
    public static byte[] Header()
    {
        var header = new byte[128];
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024".PadRight(116)).CopyTo(header, 0);
        header[124] = 0x00;
        header[125] = 0x01;
        header[126] = (byte)'I';
        header[127] = (byte)'M';
        return header;
    }

    /// <summary>Adds a variable given as a whole element (see <see cref="Matrix"/>), compressed or not.</summary>
    public MatFileBuilder Add(byte[] matrixElement, bool compress)
    {
        _elements.Add(compress ? Compressed(matrixElement) : matrixElement);
        return this;
    }

    /// <summary>Adds a uint8 matrix; <paramref name="columnMajor"/> lists its elements column by column, as MATLAB stores them.</summary>
    public MatFileBuilder AddUInt8(string name, int rows, int columns, byte[] columnMajor, bool compress) =>
        Add(Matrix(UInt8Class, [rows, columns], name, Element(MiUInt8, columnMajor)), compress);

    /// <summary>
    /// Adds a double matrix. Whole numbers 0..255 are stored as miUINT8, as MATLAB does to save space, unless
    /// <paramref name="storeAsDouble"/>.
    /// </summary>
    public MatFileBuilder AddDouble(string name, int rows, int columns, double[] columnMajor, bool compress, bool storeAsDouble = false)
    {
        bool small = !storeAsDouble && columnMajor.All(v => v >= 0 && v <= 255 && v == Math.Floor(v));
        byte[] data = small ? [.. columnMajor.Select(v => (byte)v)] : [.. columnMajor.SelectMany(v => BitConverter.GetBytes(v))];
        return Add(Matrix(DoubleClass, [rows, columns], name, Element(small ? MiUInt8 : MiDouble, data)), compress);
    }

    /// <summary>Adds a column cell array of single-row char arrays.</summary>
    public MatFileBuilder AddStrings(string name, IReadOnlyList<string> texts, bool compress)
    {
        var cells = texts.Select(text => Char("", text)).ToArray();
        return Add(Matrix(CellClass, [texts.Count, 1], name, [.. cells.SelectMany(c => c)]), compress);
    }

    /// <summary>A char array element (1 × length, miUINT16).</summary>
    public static byte[] Char(string name, string text) =>
        Matrix(CharClass, [text.Length == 0 ? 0 : 1, text.Length], name, Element(MiUInt16, Encoding.Unicode.GetBytes(text)));

    /// <summary>An miMATRIX element: array flags of <paramref name="matlabClass"/>, dimensions, name, then <paramref name="contents"/>.</summary>
    public static byte[] Matrix(int matlabClass, int[] dimensions, string name, byte[] contents)
    {
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)matlabClass);
        var dims = new byte[4 * dimensions.Length];
        for (int i = 0; i < dimensions.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(dims.AsSpan(4 * i), dimensions[i]);
        byte[] body = [.. Element(MiUInt32, flags), .. Element(MiInt32, dims), .. Element(MiInt8, Encoding.ASCII.GetBytes(name)), .. contents];
        return Tagged(MiMatrix, body);
    }

    /// <summary>A data element: the small form for up to 4 bytes, else an 8-byte tag and the data padded to 8 bytes.</summary>
    public static byte[] Element(int type, byte[] data)
    {
        if (data.Length is > 0 and <= 4)
        {
            var small = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(small, (uint)(data.Length << 16 | type));
            data.CopyTo(small, 4);
            return small;
        }
        return Tagged(type, [.. data, .. new byte[(8 - data.Length % 8) % 8]], data.Length);
    }

    /// <summary>An miCOMPRESSED element holding <paramref name="element"/> zlib-compressed (not padded, as MATLAB writes it).</summary>
    public static byte[] Compressed(byte[] element)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(element);
        return Tagged(MiCompressed, compressed.ToArray());
    }

    private static byte[] Tagged(int type, byte[] data, int? size = null)
    {
        var element = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(element, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(element.AsSpan(4), (uint)(size ?? data.Length));
        data.CopyTo(element, 8);
        return element;
    }
}
