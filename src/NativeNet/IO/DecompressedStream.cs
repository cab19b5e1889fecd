namespace NativeNet.IO;

/// <summary>
/// A read-only view of a decompressing stream (gzip, a zip entry) that reports corrupt compressed data as a
/// <see cref="DataFormatException"/> naming the file and the decompressed offset, instead of the decompressor's
/// anonymous <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class DecompressedStream(Stream inner, string sourceName, string format) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(sourceName, _position, $"corrupt {format} data: {e.Message}", e);
        }
        _position += n;
        return n;
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
