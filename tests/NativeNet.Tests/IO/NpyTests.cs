using System.Buffers.Binary;
using System.Text;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Tests.IO;

public sealed class NpyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FloatAndDoubleRoundTrip()
    {
        var f = NdArray<float>.FromArray([1.5f, -2f, 3.25f, float.MaxValue, 0f, 1e-30f], 2, 3);
        var d = NdArray<double>.FromArray([Math.PI, -1e300, 0.0, 42.0], 4);
        Npy.Write(_dir.File("f.npy"), f);
        Npy.Write(_dir.File("d.npy"), d);
        var f2 = Npy.Read<float>(_dir.File("f.npy"));
        var d2 = Npy.Read<double>(_dir.File("d.npy"));
        Assert.True(f2.HasShape(2, 3));
        Assert.Equal(f.ToArray(), f2.ToArray());
        Assert.True(d2.HasShape(4));
        Assert.Equal(d.ToArray(), d2.ToArray());
    }

    [Fact]
    public void HeaderLayoutMatchesTheSpecification()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, NdArray<float>.FromArray([1f, 2f, 3f], 3));
        byte[] bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.TrimEnd());
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 12, bytes.Length);
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 10 + headerLength + 4));
    }

    [Fact]
    public void IntegerArraysRoundTripAndConvert()
    {
        using (var s = File.Create(_dir.File("i.npy"))) Npy.Write(s, [3, -1, 7, 9], [2, 2]);
        using (var s = File.Create(_dir.File("u.npy"))) Npy.Write(s, new byte[] { 0, 255, 17 }, [3]);
        using (var s = File.Create(_dir.File("l.npy"))) Npy.Write(s, [5L, 6L], [2]);
        Assert.Equal([3, -1, 7, 9], Npy.ReadInt32(_dir.File("i.npy"), out var shape));
        Assert.Equal([2, 2], shape);
        Assert.Equal([0f, 255f, 17f], Npy.Read<float>(_dir.File("u.npy")).ToArray());
        Assert.Equal([0, 255, 17], Npy.ReadInt32(_dir.File("u.npy"), out _));
        Assert.Equal([5.0, 6.0], Npy.Read<double>(_dir.File("l.npy")).ToArray());
    }

    [Fact]
    public void ScalarAndEmptyShapes()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, [2.5], []);
        stream.Position = 0;
        var scalar = Npy.Read<double>(stream, "scalar");
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(2.5, scalar[0]);
        using var empty = new MemoryStream();
        Npy.Write(empty, ReadOnlySpan<float>.Empty, [0, 5]);
        empty.Position = 0;
        Assert.True(Npy.Read<float>(empty, "empty").HasShape(0, 5));
    }

    [Fact]
    public void ReadsVersion2Headers()
    {
        byte[] file = Craft("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", BitConverter.GetBytes(1.0).Concat(BitConverter.GetBytes(-3.0)).ToArray(), version: 2);
        Assert.Equal([1.0, -3.0], Npy.Read<double>(new MemoryStream(file), "v2").ToArray());
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", "fortran_order")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", "big-endian")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (4,), }", "object")]
    [InlineData("{'descr': '<U3', 'fortran_order': False, 'shape': (4,), }", "unsupported dtype")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4,), }", "NPY header")]
    [InlineData("{'descr': '<f4', 'shape': (4,), }", "fortran_order")]
    public void RejectsUnsupportedHeadersWithClearErrors(string header, string expected)
    {
        byte[] file = Craft(header, new byte[16]);
        var ex = Assert.Throws<DataFormatException>(() => Npy.Read<float>(new MemoryStream(file), "crafted.npy"));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("crafted.npy", ex.Message);
    }

    [Fact]
    public void RejectsBadMagic()
    {
        File.WriteAllBytes(_dir.File("bad.npy"), Encoding.ASCII.GetBytes("PK\x03\x04 definitely not numpy"));
        var ex = Assert.Throws<DataFormatException>(() => Npy.Read<float>(_dir.File("bad.npy")));
        Assert.Equal(0, ex.ByteOffset);
        Assert.Contains("bad.npy", ex.Message);
    }

    [Fact]
    public void TruncatedDataIsReportedWithTheOffset()
    {
        byte[] file = Craft("{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }", new byte[12]);
        File.WriteAllBytes(_dir.File("short.npy"), file);
        var ex = Assert.Throws<DataFormatException>(() => Npy.Read<float>(_dir.File("short.npy")));
        Assert.Contains("40", ex.Message);
        Assert.Equal(file.Length - 12, ex.ByteOffset);
        // A non-seekable stream fails where the data runs out.
        var ex2 = Assert.Throws<DataFormatException>(() => Npy.Read<float>(new NonSeekableStream(file), "pipe"));
        Assert.Equal(file.Length, ex2.ByteOffset);
    }

    [Fact]
    public void HugeShapeClaimFailsBeforeAllocating()
    {
        byte[] file = Craft("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", new byte[8]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => Npy.Read<double>(new NonSeekableStream(file), "huge.npy"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
        Assert.Contains("(1000000, 1000000)", ex.Message);
        // A claim that fits an array but not the data still allocates only what was read.
        byte[] big = Craft("{'descr': '<f8', 'fortran_order': False, 'shape': (200000000,), }", new byte[8]);
        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<DataFormatException>(() => Npy.Read<double>(new NonSeekableStream(big), "big.npy"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    [Fact]
    public void IntegerReadRejectsFloatsAndOverflow()
    {
        using var floats = new MemoryStream();
        Npy.Write(floats, [1.0], [1]);
        floats.Position = 0;
        Assert.Throws<DataFormatException>(() => Npy.ReadInt32(floats, "f", out _));
        using var longs = new MemoryStream();
        Npy.Write(longs, [long.MaxValue], [1]);
        longs.Position = 0;
        Assert.Throws<DataFormatException>(() => Npy.ReadInt32(longs, "l", out _));
    }

    /// <summary>Builds an NPY file by hand with an arbitrary header dictionary.</summary>
    internal static byte[] Craft(string dict, byte[] payload, int version = 1)
    {
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0 };
        if (version == 1) bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(payload);
        return [.. bytes];
    }
}
