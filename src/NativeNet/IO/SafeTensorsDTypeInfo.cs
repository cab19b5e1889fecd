namespace NativeNet.IO;

/// <summary>Sizes and header names of <see cref="SafeTensorsDType"/> values.</summary>
internal static class SafeTensorsDTypeInfo
{
    /// <summary>Bytes per element.</summary>
    public static int Size(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 or SafeTensorsDType.U32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 or SafeTensorsDType.U16 => 2,
        _ => 1,
    };

    /// <summary>The name used in the JSON header.</summary>
    public static string HeaderName(SafeTensorsDType dtype) => dtype == SafeTensorsDType.Bool ? "BOOL" : dtype.ToString();

    /// <summary>Parses a header dtype name.</summary>
    public static bool TryParse(string? name, out SafeTensorsDType dtype)
    {
        dtype = name switch
        {
            "F64" => SafeTensorsDType.F64,
            "F32" => SafeTensorsDType.F32,
            "F16" => SafeTensorsDType.F16,
            "BF16" => SafeTensorsDType.BF16,
            "I64" => SafeTensorsDType.I64,
            "I32" => SafeTensorsDType.I32,
            "I16" => SafeTensorsDType.I16,
            "I8" => SafeTensorsDType.I8,
            "U64" => SafeTensorsDType.U64,
            "U32" => SafeTensorsDType.U32,
            "U16" => SafeTensorsDType.U16,
            "U8" => SafeTensorsDType.U8,
            "BOOL" => SafeTensorsDType.Bool,
            _ => (SafeTensorsDType)(-1),
        };
        return (int)dtype >= 0;
    }
}
