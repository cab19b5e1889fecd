namespace NativeNet.IO;

/// <summary>
/// The only globals a pickle may name for <see cref="RestrictedUnpickler"/>: each is matched by its module and name
/// and interpreted by the reader, never imported or called.
/// </summary>
internal enum PickleGlobal
{
    /// <summary><c>numpy.core.multiarray._reconstruct</c> (<c>numpy._core</c> since numpy 2): an empty array to BUILD.</summary>
    ArrayReconstruct,

    /// <summary><c>numpy.ndarray</c>: the array type, an argument of <see cref="ArrayReconstruct"/>.</summary>
    ArrayType,

    /// <summary><c>numpy.dtype</c>: an element type such as <c>u1</c>, its byte order set by BUILD.</summary>
    DType,

    /// <summary><c>numpy.core.numeric._frombuffer</c>: a whole array from bytes, dtype, shape and order (protocol 5).</summary>
    ArrayFromBuffer,

    /// <summary><c>_codecs.encode</c> with <c>latin1</c>: how Python 3 writes bytes under protocol 2.</summary>
    Latin1Encode,
}
