using System.Buffers.Binary;
using System.Text;

namespace NativeNet.Fuzz;

/// <summary>
/// Writes pickle opcodes one by one, the way Python 2's cPickle does under protocol 2 (small ints as BININT1/BININT2,
/// str as SHORT_BINSTRING/BINSTRING, a BINPUT after every memoized object), so that the fuzz seeds and the tests can
/// build faithful CIFAR pickles and precisely broken ones.
/// </summary>
public sealed class PickleBuilder
{
    private readonly MemoryStream _bytes = new();
    // cPickle numbers its memo entries from 1.
    private int _nextMemo = 1;

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>The number of bytes written so far (the offset of the next opcode).</summary>
    public long Length => _bytes.Length;

    /// <summary>Writes raw bytes: an opcode and its operands as given.</summary>
    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>PROTO.</summary>
    public PickleBuilder Proto(int protocol = 2) => Raw(0x80, (byte)protocol);

    /// <summary>MARK.</summary>
    public PickleBuilder Mark() => Raw((byte)'(');

    /// <summary>STOP.</summary>
    public PickleBuilder Stop() => Raw((byte)'.');

    /// <summary>BINPUT (or LONG_BINPUT) of the next memo index.</summary>
    public PickleBuilder Put()
    {
        int index = _nextMemo++;
        return index < 256 ? Raw((byte)'q', (byte)index) : Raw((byte)'r').Int32(index);
    }

    /// <summary>An int as cPickle writes it: BININT1, BININT2 or BININT.</summary>
    public PickleBuilder Int(long value) => value switch
    {
        >= 0 and < 256 => Raw((byte)'K', (byte)value),
        >= 0 and < 65536 => Raw((byte)'M', (byte)value, (byte)(value >> 8)),
        _ => Raw((byte)'J').Int32((int)value),
    };

    /// <summary>A Python 2 str of ASCII text, memoized.</summary>
    public PickleBuilder Str(string text) => Str(Encoding.ASCII.GetBytes(text));

    /// <summary>A Python 2 str of arbitrary bytes (SHORT_BINSTRING or BINSTRING), memoized.</summary>
    public PickleBuilder Str(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 256) Raw((byte)'U', (byte)bytes.Length);
        else Raw((byte)'T').Int32(bytes.Length);
        _bytes.Write(bytes);
        return Put();
    }

    /// <summary>A Python 3 str (BINUNICODE), memoized.</summary>
    public PickleBuilder Unicode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Raw((byte)'X').Int32(bytes.Length);
        _bytes.Write(bytes);
        return Put();
    }

    /// <summary>GLOBAL module.name, memoized.</summary>
    public PickleBuilder Global(string module, string name) => Raw((byte)'c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n")).Put();

    /// <summary>A list of ints as cPickle writes it: EMPTY_LIST, then APPENDS in batches of 1,000.</summary>
    public PickleBuilder IntList(IReadOnlyList<int> values) => List(values.Count, i => Int(values[i]));

    /// <summary>A list of Python 2 str.</summary>
    public PickleBuilder StrList(IReadOnlyList<string> values) => List(values.Count, i => Str(values[i]));

    /// <summary>
    /// A numpy uint8 array of <paramref name="rows"/> × <paramref name="columns"/> as Python 2's numpy reduces it:
    /// <c>_reconstruct(ndarray, (0,), 'b')</c>, then BUILD with (1, shape, dtype('u1', 0, 1) built with '|', False, data).
    /// </summary>
    public PickleBuilder UInt8Array(int rows, int columns, ReadOnlySpan<byte> data)
    {
        Global("numpy.core.multiarray", "_reconstruct").Global("numpy", "ndarray").Int(0).Raw(0x85).Put().Str("b").Raw(0x87).Put().Raw((byte)'R').Put();
        Mark().Int(1).Int(rows).Int(columns).Raw(0x86).Put();
        Global("numpy", "dtype").Str("u1").Int(0).Int(1).Raw(0x87).Put().Raw((byte)'R').Put();
        Mark().Int(3).Str("|").Raw((byte)'N', (byte)'N', (byte)'N').Int(-1).Int(-1).Int(0).Raw((byte)'t').Put().Raw((byte)'b');
        Raw(0x89).Str(data).Raw((byte)'t').Put();
        return Raw((byte)'b');
    }

    /// <summary>
    /// A dict as cPickle writes it: EMPTY_DICT, then SETITEMS; each entry writes its key (a Python 2 str) and value.
    /// </summary>
    public PickleBuilder Dict(params (string Key, Action<PickleBuilder> Value)[] entries)
    {
        Raw((byte)'}').Put();
        if (entries.Length == 0) return this;
        Mark();
        foreach (var (key, value) in entries)
        {
            Str(key);
            value(this);
        }
        return Raw((byte)'u');
    }

    private PickleBuilder List(int count, Action<int> item)
    {
        Raw((byte)']').Put();
        if (count == 1)
        {
            item(0);
            return Raw((byte)'a');
        }
        for (int start = 0; start < count; start += 1000)
        {
            Mark();
            for (int i = start; i < Math.Min(count, start + 1000); i++) item(i);
            Raw((byte)'e');
        }
        return this;
    }

    private PickleBuilder Int32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        _bytes.Write(bytes);
        return this;
    }
}
