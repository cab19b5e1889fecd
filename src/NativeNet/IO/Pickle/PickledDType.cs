namespace NativeNet.IO;

/// <summary>
/// A numpy dtype read from a pickle: a plain numeric type (bool, signed or unsigned integer, float) and, once its
/// BUILD state has been applied, its byte order.
/// </summary>
internal sealed class PickledDType
{
    private PickledDType(string code, char kind, int itemSize)
    {
        Code = code;
        Kind = kind;
        ItemSize = itemSize;
    }

    /// <summary>The type code the pickle gave, e.g. <c>u1</c> or <c>i8</c>.</summary>
    public string Code { get; }

    /// <summary>numpy's kind character: <c>b</c> bool, <c>i</c> signed, <c>u</c> unsigned integer, <c>f</c> float.</summary>
    public char Kind { get; }

    /// <summary>Bytes per element.</summary>
    public int ItemSize { get; }

    /// <summary>The byte order from the BUILD state: <c>|</c> (not applicable), <c>&lt;</c>, <c>&gt;</c> or <c>=</c>; null before BUILD.</summary>
    public char? ByteOrder { get; set; }

    /// <summary>Whether multi-byte elements are big-endian.</summary>
    public bool IsBigEndian => ByteOrder == '>';

    /// <summary>The dtype for <paramref name="code"/>, or null when it is not a plain numeric type.</summary>
    public static PickledDType? Parse(string code)
    {
        if (code.Length < 2 || !int.TryParse(code.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
            return null;
        bool valid = code[0] switch
        {
            'b' => size == 1,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'f' => size is 4 or 8,
            _ => false,
        };
        return valid ? new PickledDType(code, code[0], size) : null;
    }

    /// <summary>The dtype as numpy prints it, e.g. <c>|u1</c>.</summary>
    public override string ToString() => $"{ByteOrder}{Code}";
}
