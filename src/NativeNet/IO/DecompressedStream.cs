namespace NativeNet.IO;

/// <summary>
/// A read-only view of a decompressing stream (gzip, a zip entry) that reports corrupt compressed data as a
/// <see cref="DataFormatException"/> naming the file and the decompressed offset, instead of the decompressor's
/// anonymous <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class DecompressedStream(Stream inner, string sourceName, string format) : ForwardReadStream
{
    private long _position;

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

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
