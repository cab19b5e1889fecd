namespace NativeNet.IO;

/// <summary>Element types of the safetensors format, named as in the file's JSON header.</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 binary64 ("F64").</summary>
    F64,
    /// <summary>IEEE 754 binary32 ("F32").</summary>
    F32,
    /// <summary>IEEE 754 binary16 ("F16"); readable only as raw bytes.</summary>
    F16,
    /// <summary>bfloat16 ("BF16"); readable only as raw bytes.</summary>
    BF16,
    /// <summary>Signed 64-bit integer ("I64").</summary>
    I64,
    /// <summary>Signed 32-bit integer ("I32").</summary>
    I32,
    /// <summary>Signed 16-bit integer ("I16"); readable only as raw bytes.</summary>
    I16,
    /// <summary>Signed 8-bit integer ("I8"); readable only as raw bytes.</summary>
    I8,
    /// <summary>Unsigned 64-bit integer ("U64").</summary>
    U64,
    /// <summary>Unsigned 32-bit integer ("U32"); readable only as raw bytes.</summary>
    U32,
    /// <summary>Unsigned 16-bit integer ("U16"); readable only as raw bytes.</summary>
    U16,
    /// <summary>Unsigned 8-bit integer ("U8").</summary>
    U8,
    /// <summary>Boolean, one byte per element ("BOOL"); readable only as raw bytes.</summary>
    Bool,
}
