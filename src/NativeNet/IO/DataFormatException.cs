namespace NativeNet.IO;

/// <summary>
/// A data or checkpoint file is malformed or does not match what the caller expected: bad magic number, truncated
/// data, counts that disagree, a header that claims more than the file holds, a tensor of the wrong dtype or shape.
/// </summary>
/// <remarks>
/// Readers raise it before any allocation sized by the file's claims, so a hostile header cannot exhaust memory.
/// </remarks>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception; the message names the file and the byte offset of the problem.</summary>
    /// <param name="filePath">The file (or stream description) at fault.</param>
    /// <param name="byteOffset">The byte offset where the problem was found (in the decompressed data for gzip input).</param>
    /// <param name="problem">What is wrong, in one sentence.</param>
    public DataFormatException(string filePath, long byteOffset, string problem)
        : this(filePath, byteOffset, problem, null)
    {
    }

    /// <summary>Creates the exception with the underlying cause (for example a JSON parse error).</summary>
    /// <param name="filePath">The file (or stream description) at fault.</param>
    /// <param name="byteOffset">The byte offset where the problem was found.</param>
    /// <param name="problem">What is wrong, in one sentence.</param>
    /// <param name="innerException">The underlying cause.</param>
    public DataFormatException(string filePath, long byteOffset, string problem, Exception? innerException)
        : base($"{filePath}: {problem} (at byte offset {byteOffset}).", innerException)
    {
        FilePath = filePath;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>The file (or stream description) at fault.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset of the problem (in the decompressed data for gzip input).</summary>
    public long ByteOffset { get; }

    /// <summary>The problem without the file name and offset.</summary>
    public string Problem { get; }
}
