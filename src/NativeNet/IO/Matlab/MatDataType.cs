namespace NativeNet.IO;

/// <summary>The type of a MAT-file data element: how its bytes are stored (a double array may be stored as miUINT8).</summary>
internal enum MatDataType
{
    /// <summary>miINT8.</summary>
    Int8 = 1,
    /// <summary>miUINT8.</summary>
    UInt8 = 2,
    /// <summary>miINT16.</summary>
    Int16 = 3,
    /// <summary>miUINT16.</summary>
    UInt16 = 4,
    /// <summary>miINT32.</summary>
    Int32 = 5,
    /// <summary>miUINT32.</summary>
    UInt32 = 6,
    /// <summary>miSINGLE.</summary>
    Single = 7,
    /// <summary>miDOUBLE.</summary>
    Double = 9,
    /// <summary>miINT64.</summary>
    Int64 = 12,
    /// <summary>miUINT64.</summary>
    UInt64 = 13,
    /// <summary>miMATRIX: an array with its flags, dimensions, name and data.</summary>
    Matrix = 14,
    /// <summary>miCOMPRESSED: one zlib-compressed element.</summary>
    Compressed = 15,
    /// <summary>miUTF8 text.</summary>
    Utf8 = 16,
    /// <summary>miUTF16 text.</summary>
    Utf16 = 17,
    /// <summary>miUTF32 text.</summary>
    Utf32 = 18,
}
