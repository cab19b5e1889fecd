using System.Buffers.Binary;
using System.IO.Compression;

namespace NativeNet.Tests.Data;

/// <summary>Writes IDX files by hand, byte for byte as the MNIST format specifies.</summary>
internal static class IdxFiles
{
    public static byte[] Build(byte typeCode, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        bytes[2] = typeCode;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(data);
        return output.ToArray();
    }

    public static void Write(string path, byte[] content, bool gzip) => File.WriteAllBytes(path, gzip ? Gzip(content) : content);
}
