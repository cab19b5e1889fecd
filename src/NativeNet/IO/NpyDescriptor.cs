using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;

namespace NativeNet.IO;

/// <summary>The parsed header of an NPY array: element kind and size, and the shape.</summary>
internal sealed class NpyDescriptor
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const long MaxHeaderLength = 1 << 20;

    private NpyDescriptor(char kind, int elementSize, int[] shape, long payloadOffset)
    {
        Kind = kind;
        ElementSize = elementSize;
        Shape = shape;
        PayloadOffset = payloadOffset;
    }

    /// <summary>numpy kind character: f (float), i (signed), u (unsigned), b (bool).</summary>
    public char Kind { get; }

    /// <summary>Bytes per element.</summary>
    public int ElementSize { get; }

    /// <summary>The array shape; every axis fits in an int.</summary>
    public int[] Shape { get; }

    /// <summary>The offset of the first data byte.</summary>
    public long PayloadOffset { get; }

    /// <summary>The numpy descr string, e.g. &lt;f4.</summary>
    public string Descr => $"{(ElementSize == 1 ? '|' : '<')}{Kind}{ElementSize}";

    /// <summary>Reads and validates the magic, version and header dictionary.</summary>
    public static NpyDescriptor Read(Stream stream, string sourceName)
    {
        Span<byte> prefix = stackalloc byte[10];
        BoundedInput.ReadHeader(stream, prefix, sourceName, 0, "NPY preamble");
        if (!prefix[..6].SequenceEqual(Magic))
            throw new DataFormatException(sourceName, 0, "not an NPY file: the magic string \\x93NUMPY is missing");
        byte major = prefix[6];
        long headerLength;
        long headerStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            headerStart = 10;
        }
        else if (major is 2 or 3)
        {
            Span<byte> extra = stackalloc byte[2];
            BoundedInput.ReadHeader(stream, extra, sourceName, 10, "NPY preamble");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian([prefix[8], prefix[9], extra[0], extra[1]]);
            headerStart = 12;
        }
        else throw new DataFormatException(sourceName, 6, $"unsupported NPY format version {major}.{prefix[7]}");
        if (headerLength > MaxHeaderLength)
            throw new DataFormatException(sourceName, 8, $"the NPY header claims {headerLength:N0} bytes, more than the {MaxHeaderLength:N0}-byte limit");
        var header = new byte[headerLength];
        BoundedInput.ReadHeader(stream, header, sourceName, headerStart, "NPY header");
        // Version 3 headers are UTF-8; versions 1 and 2 are Latin-1 but only ASCII occurs in valid dtype dictionaries.
        string text = Encoding.UTF8.GetString(header);
        return Parse(text, sourceName, headerStart, headerStart + headerLength);
    }

    private static NpyDescriptor Parse(string text, string sourceName, long headerStart, long payloadOffset)
    {
        var parser = new PythonLiteralParser(text, sourceName, headerStart);
        var dict = parser.ParseDict();
        if (!dict.TryGetValue("descr", out var descrValue) || descrValue is not string descr)
            throw new DataFormatException(sourceName, headerStart, "the NPY header has no 'descr' string (structured dtypes are not supported)");
        if (!dict.TryGetValue("fortran_order", out var fortranValue) || fortranValue is not bool fortran)
            throw new DataFormatException(sourceName, headerStart, "the NPY header has no 'fortran_order' flag");
        if (!dict.TryGetValue("shape", out var shapeValue) || shapeValue is not List<long> shapeList)
            throw new DataFormatException(sourceName, headerStart, "the NPY header has no 'shape' tuple");
        if (fortran)
            throw new DataFormatException(sourceName, headerStart, "fortran_order arrays are not supported; save a C-ordered array (np.ascontiguousarray)");
        if (descr.Length < 2)
            throw new DataFormatException(sourceName, headerStart, $"unsupported dtype '{descr}'");
        char order = descr[0];
        char kind = descr[1];
        if (kind == 'O')
            throw new DataFormatException(sourceName, headerStart, "object arrays (dtype 'O') are not supported: they need pickle, which this reader never executes");
        if (!int.TryParse(descr.AsSpan(2), out int size) || kind is not ('f' or 'i' or 'u' or 'b'))
            throw new DataFormatException(sourceName, headerStart, $"unsupported dtype '{descr}'; supported: float32/float64, signed/unsigned integers, bool");
        bool sizeOk = kind switch { 'f' => size is 4 or 8, 'b' => size == 1, _ => size is 1 or 2 or 4 or 8 };
        if (!sizeOk) throw new DataFormatException(sourceName, headerStart, $"unsupported dtype '{descr}'");
        if (order == '>' && size > 1)
            throw new DataFormatException(sourceName, headerStart, $"big-endian dtype '{descr}' is not supported; convert with arr.astype('<{kind}{size}')");
        if (order is not ('<' or '|' or '=' or '>'))
            throw new DataFormatException(sourceName, headerStart, $"unsupported byte-order mark in dtype '{descr}'");
        for (int axis = 0; axis < shapeList.Count; axis++)
        {
            if (shapeList[axis] < 0) throw new DataFormatException(sourceName, headerStart, $"negative axis size in shape {FormatShape(shapeList)}");
            if (shapeList[axis] > int.MaxValue)
                throw new DataFormatException(sourceName, headerStart,
                    $"axis {axis} of shape {FormatShape(shapeList)} has {shapeList[axis]} entries, more than an array axis can hold");
        }
        return new NpyDescriptor(kind, size, [.. shapeList.Select(d => (int)d)], payloadOffset);
    }

    /// <summary>The payload size in bytes, or an error when it overflows or exceeds one array.</summary>
    public int PayloadBytes(string sourceName)
    {
        long total = ShapeByteCount.Saturating(Shape, ElementSize);
        if (total > Array.MaxLength || !ShapeByteCount.FitsOneArray(Shape))
            throw new DataFormatException(sourceName, PayloadOffset, $"shape {FormatShape(Shape)} holds more bytes than one array can");
        return (int)total;
    }

    /// <summary>Converts the little-endian payload into <paramref name="destination"/>.</summary>
    public void ConvertTo<T>(ReadOnlySpan<byte> payload, Span<T> destination) where T : unmanaged, INumberBase<T>
    {
        switch (Kind, ElementSize)
        {
            case ('f', 4): Convert(MemoryMarshal.Cast<byte, float>(payload), destination); break;
            case ('f', 8): Convert(MemoryMarshal.Cast<byte, double>(payload), destination); break;
            case ('i', 1): Convert(MemoryMarshal.Cast<byte, sbyte>(payload), destination); break;
            case ('i', 2): Convert(MemoryMarshal.Cast<byte, short>(payload), destination); break;
            case ('i', 4): Convert(MemoryMarshal.Cast<byte, int>(payload), destination); break;
            case ('i', 8): Convert(MemoryMarshal.Cast<byte, long>(payload), destination); break;
            case ('u', 2): Convert(MemoryMarshal.Cast<byte, ushort>(payload), destination); break;
            case ('u', 4): Convert(MemoryMarshal.Cast<byte, uint>(payload), destination); break;
            case ('u', 8): Convert(MemoryMarshal.Cast<byte, ulong>(payload), destination); break;
            default: Convert(payload, destination); break;
        }
    }

    private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination)
        where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        if (typeof(TFrom) == typeof(TTo)) MemoryMarshal.Cast<TFrom, TTo>(source).CopyTo(destination);
        // Narrowing to float rounds (as numpy's astype does); integer targets are range-checked.
        else if (typeof(TTo) == typeof(float) || typeof(TTo) == typeof(double)) TensorPrimitives.ConvertTruncating(source, destination);
        else TensorPrimitives.ConvertChecked(source, destination);
    }

    /// <summary>Writes a version 1.0 (or 2.0 for huge shapes) header for a C-ordered little-endian array.</summary>
    public static void WriteHeader(Stream stream, string descr, ReadOnlySpan<int> shape)
    {
        var dict = new StringBuilder();
        dict.Append("{'descr': '").Append(descr).Append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) dict.Append(", ");
            dict.Append(shape[i]);
        }
        if (shape.Length == 1) dict.Append(',');
        dict.Append("), }");
        bool version2 = dict.Length + 11 > ushort.MaxValue;
        int preamble = version2 ? 12 : 10;
        // numpy pads with spaces and a final newline so that the data starts on a 64-byte boundary.
        int total = preamble + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        dict.Append(' ', padded - total).Append('\n');
        Span<byte> head = stackalloc byte[12];
        Magic.CopyTo(head);
        head[6] = (byte)(version2 ? 2 : 1);
        head[7] = 0;
        int headerLength = padded - preamble;
        if (version2) BinaryPrimitives.WriteUInt32LittleEndian(head[8..], (uint)headerLength);
        else BinaryPrimitives.WriteUInt16LittleEndian(head[8..], (ushort)headerLength);
        stream.Write(head[..preamble]);
        stream.Write(Encoding.ASCII.GetBytes(dict.ToString()));
    }

    private static string FormatShape<TAxis>(IEnumerable<TAxis> shape) => "(" + string.Join(", ", shape) + ")";
}
