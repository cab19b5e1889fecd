namespace NativeNet.IO;

/// <summary>The MATLAB class of an array in a MAT-file (the low byte of its array flags).</summary>
internal enum MatClass
{
    /// <summary>A cell array: each element is an array of its own.</summary>
    Cell = 1,
    /// <summary>A structure.</summary>
    Struct = 2,
    /// <summary>An object.</summary>
    Object = 3,
    /// <summary>A character array.</summary>
    Char = 4,
    /// <summary>A sparse array.</summary>
    Sparse = 5,
    /// <summary>Double precision.</summary>
    Double = 6,
    /// <summary>Single precision.</summary>
    Single = 7,
    /// <summary>Signed 8-bit integers.</summary>
    Int8 = 8,
    /// <summary>Unsigned 8-bit integers.</summary>
    UInt8 = 9,
    /// <summary>Signed 16-bit integers.</summary>
    Int16 = 10,
    /// <summary>Unsigned 16-bit integers.</summary>
    UInt16 = 11,
    /// <summary>Signed 32-bit integers.</summary>
    Int32 = 12,
    /// <summary>Unsigned 32-bit integers.</summary>
    UInt32 = 13,
    /// <summary>Signed 64-bit integers.</summary>
    Int64 = 14,
    /// <summary>Unsigned 64-bit integers.</summary>
    UInt64 = 15,
}
