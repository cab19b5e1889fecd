using System.Buffers.Binary;
using System.Text;

namespace NativeNet.IO;

/// <summary>
/// Reads a Python pickle of plain data and numpy arrays without executing anything: the subset that
/// <c>cPickle.dump(obj, f, 2)</c> (Python 2) and <c>pickle.dump</c> (Python 3, protocols 2 to 5) write for dicts,
/// lists, tuples, ints, bools, None, str, bytes and numpy arrays of numeric dtypes.
/// </summary>
/// <remarks>
/// <para>
/// Values come back as: None → null, int → <see cref="long"/>, bool → <see cref="bool"/>, str (Python 3) →
/// <see cref="string"/>, bytes, bytearray and Python 2 str → <see cref="ArraySegment{T}"/> of bytes, list →
/// <see cref="List{T}"/>, tuple → object array, dict → <see cref="Dictionary{TKey, TValue}"/> keyed by text (bytes
/// keys decoded as UTF-8), numpy array → <see cref="PickledArray"/>.
/// </para>
/// <para>
/// A pickle names the functions that rebuild its objects, and a real unpickler imports and calls them, which is why
/// unpickling an untrusted file can run any code. Here the only names accepted are those of
/// <see cref="PickleGlobal"/>; they are compared as strings and interpreted by this class, and anything else (for
/// example <c>os.system</c>) is a <see cref="DataFormatException"/> naming the file and byte offset. So are the
/// opcodes that build arbitrary objects (INST, OBJ, NEWOBJ, the extension registry, persistent ids). Every length
/// field is checked against the bytes that remain before anything is allocated, so memory is bounded by the input.
/// </para>
/// </remarks>
internal sealed class RestrictedUnpickler
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _data;
    private readonly string _sourceName;
    private readonly Dictionary<uint, object?> _memo = [];
    // MARK starts a fresh stack and keeps the outer ones here, as Python's unpickler does, so that no opcode reaches
    // below a mark.
    private readonly Stack<List<object?>> _outerStacks = new();
    private readonly Dictionary<object, long> _offsets = new(ReferenceEqualityComparer.Instance);
    private List<object?> _stack = [];
    private int _position;
    private int _opcodeOffset;

    private RestrictedUnpickler(byte[] data, string sourceName)
    {
        _data = data;
        _sourceName = sourceName;
    }

    /// <summary>Reads the pickle that fills <paramref name="data"/> (nothing may follow its STOP opcode).</summary>
    /// <param name="data">The whole pickle.</param>
    /// <param name="sourceName">The file name for error messages.</param>
    /// <exception cref="DataFormatException">The pickle is malformed, truncated, or uses an opcode or global outside the allowed subset.</exception>
    public static UnpickledValue Read(byte[] data, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reader = new RestrictedUnpickler(data, sourceName);
        return new UnpickledValue(reader.Run(), reader._offsets, sourceName);
    }

    private object? Run()
    {
        if (_data.Length < 2 || _data[0] != 0x80)
            throw Error(0, "not a pickle of protocol 2 or later (the CIFAR archives are protocol 2; protocols 0 and 1 are not read)");
        while (true)
        {
            _opcodeOffset = _position;
            byte opcode = TakeByte("an opcode");
            switch (opcode)
            {
                case 0x80: // PROTO
                    int protocol = TakeByte("the protocol number");
                    if (_opcodeOffset != 0) throw Error(_opcodeOffset, "PROTO may only start the pickle");
                    if (protocol is < 2 or > 5) throw Error(_opcodeOffset, $"pickle protocol {protocol} is not one of 2 to 5");
                    break;
                case 0x95: // FRAME: a size hint for buffered reading; the opcodes inside are read as usual.
                    TakeLength(BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "the frame length")), "frame", consume: false);
                    break;
                case (byte)'.': // STOP
                    var result = Pop();
                    if (_stack.Count != 0 || _outerStacks.Count != 0)
                        throw Error(_opcodeOffset, "the pickle ends with values or marks left on the stack");
                    if (_position != _data.Length)
                        throw Error(_position, $"{_data.Length - _position:N0} bytes follow the end of the pickle");
                    return result;
                case (byte)'(': // MARK
                    _outerStacks.Push(_stack);
                    _stack = [];
                    break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'K': Push((long)TakeByte("a BININT1 value")); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2, "a BININT2 value"))); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4, "a BININT value"))); break;
                case 0x8A: Push(ReadLong1()); break;
                case (byte)'U': Push(TakeBytes(TakeByte("a string length"), "SHORT_BINSTRING")); break;
                case (byte)'T':
                    int binstringLength = BinaryPrimitives.ReadInt32LittleEndian(Take(4, "a string length"));
                    if (binstringLength < 0) throw Error(_opcodeOffset, $"BINSTRING has a negative length ({binstringLength})");
                    Push(TakeBytes((ulong)binstringLength, "BINSTRING"));
                    break;
                case (byte)'C': Push(TakeBytes(TakeByte("a bytes length"), "SHORT_BINBYTES")); break;
                case (byte)'B': Push(TakeBytes(BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a bytes length")), "BINBYTES")); break;
                case 0x8E: Push(TakeBytes(BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "a bytes length")), "BINBYTES8")); break;
                case 0x96: Push(TakeBytes(BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "a bytearray length")), "BYTEARRAY8")); break;
                case 0x8C: Push(TakeText(TakeByte("a string length"), "SHORT_BINUNICODE")); break;
                case (byte)'X': Push(TakeText(BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a string length")), "BINUNICODE")); break;
                case 0x8D: Push(TakeText(BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "a string length")), "BINUNICODE8")); break;
                case (byte)'}': Push(Track(new Dictionary<string, object?>(StringComparer.Ordinal))); break;
                case (byte)']': Push(Track(new List<object?>())); break;
                case (byte)')': Push(Track(new object?[0])); break;
                case 0x85: Push(Track(new[] { Pop() })); break;
                case 0x86:
                {
                    var second = Pop();
                    Push(Track(new[] { Pop(), second }));
                    break;
                }
                case 0x87:
                {
                    var third = Pop();
                    var second = Pop();
                    Push(Track(new[] { Pop(), second, third }));
                    break;
                }
                case (byte)'t': Push(Track(PopMark().ToArray())); break;
                case (byte)'a':
                {
                    var item = Pop();
                    Top<List<object?>>("APPEND").Add(item);
                    break;
                }
                case (byte)'e':
                {
                    var items = PopMark();
                    Top<List<object?>>("APPENDS").AddRange(items);
                    break;
                }
                case (byte)'s':
                {
                    var value = Pop();
                    var key = Pop();
                    SetItem(Top<Dictionary<string, object?>>("SETITEM"), key, value);
                    break;
                }
                case (byte)'u':
                {
                    var items = PopMark();
                    if (items.Count % 2 != 0) throw Error(_opcodeOffset, "SETITEMS has a key without a value");
                    var dict = Top<Dictionary<string, object?>>("SETITEMS");
                    for (int i = 0; i < items.Count; i += 2) SetItem(dict, items[i], items[i + 1]);
                    break;
                }
                case (byte)'q': Memoize(TakeByte("a memo index")); break;
                case (byte)'r': Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a memo index"))); break;
                case 0x94: Memoize((uint)_memo.Count); break;
                case (byte)'h': Push(Recall(TakeByte("a memo index"))); break;
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a memo index")))); break;
                case (byte)'c':
                {
                    string module = TakeLine("the module of a GLOBAL");
                    string name = TakeLine("the name of a GLOBAL");
                    Push(Global(module, name));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string moduleText || name is not string nameText)
                        throw Error(_opcodeOffset, "STACK_GLOBAL needs a module and a name as strings");
                    Push(Global(moduleText, nameText));
                    break;
                }
                case (byte)'R':
                {
                    var arguments = Pop();
                    var callable = Pop();
                    Push(Reduce(callable, arguments as object?[] ?? throw Error(_opcodeOffset, $"REDUCE needs an argument tuple, not {Describe(arguments)}")));
                    break;
                }
                case (byte)'b':
                {
                    var state = Pop();
                    Build(Top<object>("BUILD"), state);
                    break;
                }
                default:
                    throw Error(_opcodeOffset, $"opcode {OpcodeName(opcode)} is not allowed: this reader only rebuilds dicts, lists, tuples, numbers, strings and numpy arrays");
            }
        }
    }

    private PickleGlobal Global(string module, string name) => (module, name) switch
    {
        ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => PickleGlobal.ArrayReconstruct,
        ("numpy", "ndarray") => PickleGlobal.ArrayType,
        ("numpy", "dtype") => PickleGlobal.DType,
        ("numpy.core.numeric" or "numpy._core.numeric", "_frombuffer") => PickleGlobal.ArrayFromBuffer,
        ("_codecs", "encode") => PickleGlobal.Latin1Encode,
        _ => throw Error(_opcodeOffset,
            $"the global {Printable(module)}.{Printable(name)} is not allowed: only numpy's array and dtype reconstructors are read, and nothing is ever imported or called"),
    };

    private object Reduce(object? callable, object?[] arguments)
    {
        switch (callable)
        {
            case PickleGlobal.ArrayReconstruct:
                // numpy writes _reconstruct(ndarray, (0,), b'b'); the state follows in a BUILD.
                if (arguments is not [PickleGlobal.ArrayType, object?[], string or ArraySegment<byte>])
                    throw Error(_opcodeOffset, "numpy's _reconstruct needs the arguments (numpy.ndarray, shape, typecode)");
                return Track(new PickledArray());
            case PickleGlobal.DType:
                if (arguments is not [var code, bool or long, bool or long] || Text(code) is not string codeText)
                    throw Error(_opcodeOffset, "numpy.dtype needs the arguments (type code, align, copy)");
                return PickledDType.Parse(codeText)
                    ?? throw Error(_opcodeOffset, $"the dtype '{Printable(codeText)}' is not a plain numeric type (bool, integer or float)");
            case PickleGlobal.ArrayFromBuffer:
                if (arguments is not [ArraySegment<byte> buffer, PickledDType dtype, object?[] shape, string order] || order is not ("C" or "F"))
                    throw Error(_opcodeOffset, "numpy's _frombuffer needs the arguments (buffer, dtype, shape, 'C' or 'F')");
                var array = Track(new PickledArray());
                FillArray(array, shape, dtype, order == "F", buffer);
                return array;
            case PickleGlobal.Latin1Encode:
                if (arguments is not [string text, string encoding] || encoding is not ("latin1" or "latin-1"))
                    throw Error(_opcodeOffset, "_codecs.encode is only read as encode(text, 'latin1'), Python 3's protocol-2 spelling of bytes");
                var bytes = new byte[text.Length];
                for (int i = 0; i < text.Length; i++)
                {
                    if (text[i] > 0xFF) throw Error(_opcodeOffset, $"character U+{(int)text[i]:X4} of a latin1-encoded string is outside latin1");
                    bytes[i] = (byte)text[i];
                }
                return new ArraySegment<byte>(bytes);
            default:
                throw Error(_opcodeOffset, $"REDUCE cannot call {Describe(callable)}");
        }
    }

    private void Build(object target, object? state)
    {
        switch (target)
        {
            case PickledArray { IsBuilt: false } array:
                // numpy's ndarray state: (version, shape, dtype, is_fortran, raw data).
                if (state is not object?[] items || items is not [long, object?[] shape, PickledDType elementType, bool or long, var data])
                    throw Error(_opcodeOffset, "a numpy array's state must be (version, shape, dtype, is_fortran, data)");
                var fortran = items[3];
                if (data is not ArraySegment<byte> bytes)
                    throw Error(_opcodeOffset, $"a numpy array's data must be bytes, not {Describe(data)} (object arrays are not read)");
                FillArray(array, shape, elementType, fortran is true || fortran is long flag && flag != 0, bytes);
                break;
            case PickledDType { ByteOrder: null } dtype:
                // numpy's dtype state: (version, byte order, subarray, names, fields, item size, alignment, flags[, metadata]).
                if (state is not object?[] { Length: 8 or 9 } fields || Text(fields[1]) is not { Length: 1 } order || order[0] is not ('<' or '>' or '|' or '='))
                    throw Error(_opcodeOffset, "a numpy dtype's state must be (version, byte order, ...) with the byte order one of < > | =");
                if (fields[2] is not null || fields[3] is not null || fields[4] is not null)
                    throw Error(_opcodeOffset, $"the dtype {dtype.Code} has a subarray or fields; only plain numeric dtypes are read");
                dtype.ByteOrder = order[0];
                break;
            default:
                throw Error(_opcodeOffset, $"BUILD cannot set the state of {Describe(target)}");
        }
    }

    private void FillArray(PickledArray array, object?[] shapeItems, PickledDType dtype, bool fortranOrder, ArraySegment<byte> data)
    {
        if (dtype.ByteOrder is null) throw Error(_opcodeOffset, "a numpy array's dtype has no state (byte order)");
        var shape = new int[shapeItems.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            if (shapeItems[i] is not long axis || axis is < 0 or > int.MaxValue)
                throw Error(_opcodeOffset, $"axis {i} of a numpy array's shape is {Describe(shapeItems[i])}, not a size");
            shape[i] = (int)axis;
        }
        long expected = ShapeByteCount.Saturating(shape, dtype.ItemSize);
        if (expected != data.Count)
            throw Error(_opcodeOffset, $"a numpy array of shape ({string.Join(", ", shape)}) and dtype {dtype} needs {expected:N0} bytes of data, but has {data.Count:N0}");
        array.Build(shape, dtype, fortranOrder, data);
    }

    private void SetItem(Dictionary<string, object?> dict, object? key, object? value)
    {
        string text = Text(key) ?? throw Error(_opcodeOffset, $"a dict key is {Describe(key)}; only string keys are read");
        if (!dict.TryAdd(text, value)) throw Error(_opcodeOffset, $"the dict key '{Printable(text)}' appears twice");
    }

    /// <summary>A str, unicode or bytes value as text (bytes decoded as UTF-8), or null for anything else.</summary>
    public static string? Text(object? value) => value switch
    {
        string text => text,
        ArraySegment<byte> bytes => Encoding.UTF8.GetString(bytes),
        _ => null,
    };

    /// <summary>A short description of a value's type for error messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool => "a bool",
        long => "an int",
        string => "a str",
        ArraySegment<byte> => "bytes",
        List<object?> => "a list",
        object?[] => "a tuple",
        Dictionary<string, object?> => "a dict",
        PickledArray => "a numpy array",
        PickledDType => "a numpy dtype",
        PickleGlobal global => $"the global {global}",
        _ => value.GetType().Name,
    };

    private long ReadLong1()
    {
        int length = TakeByte("a LONG1 length");
        if (length > 8) throw Error(_opcodeOffset, $"a LONG1 integer of {length} bytes is larger than 64 bits");
        var bytes = Take(length, "a LONG1 value");
        long value = 0;
        for (int i = length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        // Sign-extend from the top byte (two's complement, little-endian).
        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0) value -= 1L << (8 * length);
        return value;
    }

    private void Memoize(uint index) => _memo[index] = _stack.Count > 0 ? _stack[^1] : throw Error(_opcodeOffset, "a memo store with an empty stack");

    private object? Recall(uint index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Error(_opcodeOffset, $"memo entry {index} was never stored");

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count == 0) throw Error(_opcodeOffset, "an opcode needs a value but the stack is empty (or ends at a mark)");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (_outerStacks.Count == 0) throw Error(_opcodeOffset, "an opcode needs a mark but there is none");
        var items = _stack;
        _stack = _outerStacks.Pop();
        return items;
    }

    private TValue Top<TValue>(string opcode)
    {
        if (_stack.Count == 0) throw Error(_opcodeOffset, $"{opcode} needs a value but the stack is empty (or ends at a mark)");
        return _stack[^1] is TValue value ? value : throw Error(_opcodeOffset, $"{opcode} cannot apply to {Describe(_stack[^1])}");
    }

    private T Track<T>(T value) where T : class
    {
        _offsets[value] = _opcodeOffset;
        return value;
    }

    private byte TakeByte(string what) => Take(1, what)[0];

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _data.Length - _position)
            throw Error(_position, $"truncated pickle: {what} needs {count} bytes but {_data.Length - _position} remain");
        var span = _data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    // Checks a claimed length against the bytes that remain, before anything of that size is allocated.
    private int TakeLength(ulong length, string what, bool consume = true)
    {
        if (length > (ulong)(_data.Length - _position))
            throw Error(_opcodeOffset, $"the {what} claims {length:N0} bytes but only {_data.Length - _position:N0} remain in the file");
        if (consume) _position += (int)length;
        return (int)length;
    }

    private ArraySegment<byte> TakeBytes(ulong length, string opcode)
    {
        int count = TakeLength(length, opcode);
        return new ArraySegment<byte>(_data, _position - count, count);
    }

    private string TakeText(ulong length, string opcode)
    {
        int count = TakeLength(length, opcode);
        try
        {
            return StrictUtf8.GetString(_data, _position - count, count);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFormatException(_sourceName, _opcodeOffset, $"{opcode} is not valid UTF-8", e);
        }
    }

    // A GLOBAL's module or name: printable ASCII up to a newline, as Python 2 and 3 write them.
    private string TakeLine(string what)
    {
        const int longestName = 256;
        int end = Array.IndexOf(_data, (byte)'\n', _position, Math.Min(longestName, _data.Length - _position));
        if (end < 0) throw Error(_position, $"{what} has no newline within {longestName} bytes");
        for (int i = _position; i < end; i++)
            if (_data[i] is < 0x20 or > 0x7E) throw Error(i, $"{what} is not printable ASCII");
        string text = Encoding.ASCII.GetString(_data, _position, end - _position);
        _position = end + 1;
        return text;
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }

    private static string OpcodeName(byte opcode)
    {
        string? name = opcode switch
        {
            (byte)'i' => "INST",
            (byte)'o' => "OBJ",
            0x81 => "NEWOBJ",
            0x92 => "NEWOBJ_EX",
            0x82 or 0x83 or 0x84 => "EXT",
            (byte)'P' or (byte)'Q' => "PERSID",
            (byte)'I' or (byte)'L' or (byte)'S' or (byte)'V' or (byte)'F' => "a text-protocol opcode",
            _ => null,
        };
        string code = opcode is >= 0x21 and <= 0x7E ? $"0x{opcode:X2} '{(char)opcode}'" : $"0x{opcode:X2}";
        return name is null ? code : $"{code} ({name})";
    }

    private DataFormatException Error(long offset, string problem) => new(_sourceName, offset, problem);
}
