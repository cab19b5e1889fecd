using System.IO.Compression;

namespace NativeNet.IO;

/// <summary>
/// Opens data files that may be gzip-compressed (detected by the magic bytes 1F 8B, not by the extension) and reads
/// payloads whose size a header claims without ever trusting that claim for an allocation.
/// </summary>
internal static class BoundedInput
{
    /// <summary>
    /// Opens a data file for reading after checking that it exists and is a non-empty regular file.
    /// </summary>
    /// <param name="path">The file to open.</param>
    /// <param name="kind">The kind of file, for the not-found message (e.g. "NPY").</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is empty, or is a FIFO, socket or device.</exception>
    public static FileStream OpenFile(string path, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{kind} file not found: {path}", path);
        // Opening a FIFO blocks until a writer appears and .NET exposes no file type; FIFOs, sockets and devices report
        // length 0, which no format here allows, so that is refused before the open (and a handle that cannot seek after).
        if (new FileInfo(path).Length == 0)
            throw new DataFormatException(path, 0, "the file is empty (0 bytes) or is not a regular file (a FIFO, socket or device)");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (!file.CanSeek)
        {
            file.Dispose();
            throw new DataFormatException(path, 0, "not a regular file (a FIFO, socket or device)");
        }
        return file;
    }

    /// <summary>Opens <paramref name="path"/>; the returned stream decompresses gzip input transparently.</summary>
    /// <param name="path">The file to open.</param>
    /// <param name="isGzip">Whether the file is gzip-compressed; then its decompressed length is unknown up front.</param>
    /// <param name="fileLength">The on-disk length of the file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is empty or not a regular file; reads report corrupt gzip data.</exception>
    public static Stream Open(string path, out bool isGzip, out long fileLength)
    {
        var file = OpenFile(path, "Data");
        fileLength = file.Length;
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        isGzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return isGzip ? Decompressed(new GZipStream(file, CompressionMode.Decompress, leaveOpen: false), path, "gzip") : file;
    }

    /// <summary>Wraps a stream the same way as <see cref="Open"/>, detecting gzip by its first two bytes.</summary>
    /// <param name="stream">The possibly compressed content.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <param name="isGzip">Whether the content is gzip-compressed.</param>
    public static Stream Wrap(Stream stream, string sourceName, out bool isGzip)
    {
        Span<byte> magic = stackalloc byte[2];
        // The stream may not seek, so the peeked bytes are replayed in front of the rest.
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        isGzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        Stream rest = new PrefixedStream(magic[..read].ToArray(), stream);
        return isGzip ? Decompressed(new GZipStream(rest, CompressionMode.Decompress, leaveOpen: false), sourceName, "gzip") : rest;
    }

    /// <summary>
    /// Wraps a decompressing stream so that corrupt input raises a <see cref="DataFormatException"/> naming
    /// <paramref name="sourceName"/> and the decompressed offset; disposing the result disposes the decompressor.
    /// </summary>
    /// <param name="decompressor">The decompressing stream.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <param name="format">The compressed format, for error messages (e.g. "gzip").</param>
    public static Stream Decompressed(Stream decompressor, string sourceName, string format) =>
        new DecompressedStream(decompressor, sourceName, format);

    /// <summary>The size of the pieces <see cref="ReadChunks"/> returns: a power of two, so elements of 1, 2, 4 or 8 bytes never straddle two chunks.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes whose presence is not known up front (a decompressed stream) as a
    /// list of <see cref="ChunkSize"/>-byte chunks (the last may be
    /// shorter). Memory grows only with the data actually read, and nothing is copied twice.
    /// </summary>
    public static List<byte[]> ReadChunks(Stream stream, long count, string sourceName, long startOffset, string what)
    {
        var chunks = new List<byte[]>();
        long filled = 0;
        while (filled < count)
        {
            var chunk = GC.AllocateUninitializedArray<byte>((int)Math.Min(ChunkSize, count - filled));
            int n = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            if (n < chunk.Length)
                throw new DataFormatException(sourceName, startOffset + filled + n,
                    $"truncated {what}: the header claims {count:N0} bytes but the data ends after {filled + n:N0}");
            chunks.Add(chunk);
            filled += n;
        }
        return chunks;
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes of a payload, ready to convert piece by piece into an array the
    /// caller allocates after this returns. When <paramref name="lengthVerified"/> (the caller checked the count
    /// against the file length) the pieces are read lazily through one reused buffer; otherwise every byte is read
    /// first with <see cref="ReadChunks"/>, so a claim the data does not back fails before the array is allocated.
    /// </summary>
    /// <param name="stream">The source.</param>
    /// <param name="count">The number of payload bytes.</param>
    /// <param name="lengthVerified">Whether the stream is known to hold <paramref name="count"/> more bytes.</param>
    /// <param name="pieceSize">The largest piece (a multiple of the element or record size).</param>
    /// <param name="sourceName">The file name for error messages.</param>
    /// <param name="startOffset">The byte offset of the payload, for error messages.</param>
    /// <param name="what">What the payload is, for error messages (e.g. "IDX data").</param>
    public static IEnumerable<ArraySegment<byte>> Payload(Stream stream, long count, bool lengthVerified, int pieceSize,
        string sourceName, long startOffset, string what)
    {
        if (lengthVerified) return Pieces(stream, count, pieceSize, sourceName, startOffset, what);
        var chunks = ReadChunks(stream, count, sourceName, startOffset, what);
        return chunks.Select(chunk => new ArraySegment<byte>(chunk));
    }

    private static IEnumerable<ArraySegment<byte>> Pieces(Stream stream, long count, int pieceSize, string sourceName, long startOffset, string what)
    {
        var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(pieceSize, Math.Max(1, count)));
        long done = 0;
        while (done < count)
        {
            int want = (int)Math.Min(buffer.Length, count - done);
            int n = stream.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (n < want)
                throw new DataFormatException(sourceName, startOffset + done + n, $"truncated {what}: the file shrank while it was being read");
            yield return new ArraySegment<byte>(buffer, 0, want);
            done += want;
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length header bytes or throws naming the offset.</summary>
    public static void ReadHeader(Stream stream, Span<byte> destination, string sourceName, long startOffset, string what)
    {
        int read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
            throw new DataFormatException(sourceName, startOffset + read,
                $"truncated {what}: expected {destination.Length} bytes, the file ends after {read}");
    }

    /// <summary>Whether the stream has at least one more byte (consumes it).</summary>
    public static bool HasMoreData(Stream stream)
    {
        Span<byte> one = stackalloc byte[1];
        return stream.Read(one) > 0;
    }

    private sealed class PrefixedStream(byte[] prefix, Stream inner) : ForwardReadStream
    {
        private int _prefixPosition;

        public override int Read(Span<byte> buffer)
        {
            if (_prefixPosition < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
                prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
                _prefixPosition += n;
                return n;
            }
            return inner.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
