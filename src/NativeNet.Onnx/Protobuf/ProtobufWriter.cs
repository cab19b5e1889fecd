using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace NativeNet.Onnx.Protobuf;

/// <summary>
/// Protocol-buffers wire encoding of the few field kinds an ONNX model uses: varints, 32-bit floats, strings, bytes and
/// nested messages. A nested message is written into a writer of its own and then copied in with its length, which is
/// how the format wants it (the length comes first).
/// </summary>
internal sealed class ProtobufWriter
{
    private const int VarintWire = 0, LengthDelimitedWire = 2, Fixed32Wire = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>An integer field (int32, int64 and enums all travel as varints; negative values as 10 bytes).</summary>
    public void WriteInt(int field, long value)
    {
        WriteTag(field, VarintWire);
        WriteVarint((ulong)value);
    }

    /// <summary>A 32-bit float field.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, Fixed32Wire);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>A UTF-8 string field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedWire);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>A nested message field whose body <paramref name="write"/> writes.</summary>
    public void WriteMessage(int field, Action<ProtobufWriter> write)
    {
        var inner = new ProtobufWriter();
        write(inner);
        WriteBytes(field, inner.Written);
    }

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        Span<byte> bytes = _buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        _buffer.Advance(n);
    }
}
