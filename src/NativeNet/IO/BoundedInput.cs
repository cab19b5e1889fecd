using System.IO.Compression;

namespace NativeNet.IO;

/// <summary>
/// Opens data files that may be gzip-compressed (detected by the magic bytes 1F 8B, not by the extension) and reads
/// payloads whose size a header claims without ever trusting that claim for an allocation.
/// </summary>
internal static class BoundedInput
{
    private const int FirstChunk = 1 << 20;

    /// <summary>Opens <paramref name="path"/>; the returned stream decompresses gzip input transparently.</summary>
    /// <param name="path">The file to open.</param>
    /// <param name="isGzip">Whether the file is gzip-compressed; then its decompressed length is unknown up front.</param>
    /// <param name="fileLength">The on-disk length of the file.</param>
    public static Stream Open(string path, out bool isGzip, out long fileLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {path}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        fileLength = file.Length;
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        isGzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return isGzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
    }

    /// <summary>Wraps a stream the same way as <see cref="Open"/>, detecting gzip by its first two bytes.</summary>
    public static Stream Wrap(Stream stream, out bool isGzip)
    {
        Span<byte> magic = stackalloc byte[2];
        // The stream may not seek, so the peeked bytes are replayed in front of the rest.
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        isGzip = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        Stream rest = new PrefixedStream(magic[..read].ToArray(), stream);
        return isGzip ? new GZipStream(rest, CompressionMode.Decompress, leaveOpen: false) : rest;
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes. The buffer grows geometrically with the data actually read, so a
    /// header that lies about the count fails at the offset where data runs out instead of allocating the claim.
    /// </summary>
    /// <param name="stream">The source.</param>
    /// <param name="count">The number of bytes the header claims.</param>
    /// <param name="sourceName">The file name for error messages.</param>
    /// <param name="startOffset">The byte offset of the payload in the (decompressed) file, for error messages.</param>
    /// <param name="what">What the payload is, for error messages (e.g. "image data").</param>
    public static byte[] ReadExactly(Stream stream, long count, string sourceName, long startOffset, string what)
    {
        if (count > Array.MaxLength)
            throw new DataFormatException(sourceName, startOffset, $"the header claims {count:N0} bytes of {what}, more than one array can hold");
        int total = (int)count;
        var buffer = new byte[Math.Min(total, FirstChunk)];
        int filled = 0;
        while (filled < total)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(total, Math.Max(2L * buffer.Length, FirstChunk)));
            int n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
                throw new DataFormatException(sourceName, startOffset + filled,
                    $"truncated {what}: the header claims {count:N0} bytes but the data ends after {filled:N0}");
            filled += n;
        }
        return buffer;
    }

    /// <summary>The size of the pieces <see cref="ReadChunks"/> returns: a power of two, so elements of 1, 2, 4 or 8 bytes never straddle two chunks.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes as a list of <see cref="ChunkSize"/>-byte chunks (the last may be
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

    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _prefixPosition;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
