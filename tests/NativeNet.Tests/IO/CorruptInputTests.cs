using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Tests.Data;

namespace NativeNet.Tests.IO;

/// <summary>Corrupt or hostile bytes raise <see cref="DataFormatException"/> naming the file, in every reader.</summary>
public sealed class CorruptInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A gzip member header followed by a deflate block of the reserved type 3, which every inflater rejects.
    private static readonly byte[] CorruptGzip = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    [Fact]
    public void CorruptGzipIdxNamesTheFile()
    {
        string path = _dir.File("images.gz");
        File.WriteAllBytes(path, CorruptGzip);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("corrupt gzip data", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void CorruptGzipAfterAValidPrefixReportsTheDecompressedOffset()
    {
        // A valid first member then garbage where the deflate stream continues: the error comes mid-payload.
        byte[] good = IdxFiles.Gzip(IdxFiles.Build(0x08, [4, 100], new byte[400]));
        byte[] bad = [.. good[..^8], .. new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }];
        string path = _dir.File("bad.gz");
        File.WriteAllBytes(path, bad);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void CorruptGzipCsvNamesTheFile()
    {
        string path = _dir.File("rows.csv.gz");
        File.WriteAllBytes(path, CorruptGzip);
        var ex = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read<float>(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("corrupt gzip data", ex.Message);
    }

    private string WriteNpz(CompressionLevel level, int values = 64)
    {
        string path = _dir.File($"a{level}.npz");
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        using var stream = zip.CreateEntry("x.npy", level).Open();
        stream.Write(NpyTests.Craft($"{{'descr': '<f4', 'fortran_order': False, 'shape': ({values},), }}", new byte[4 * values]));
        return path;
    }

    private static int LocalDataStart(byte[] zip) =>
        30 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(28));

    [Fact]
    public void NpzWithABadCentralDirectoryNamesTheFile()
    {
        string path = WriteNpz(CompressionLevel.Optimal);
        byte[] bytes = File.ReadAllBytes(path);
        int central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        bytes[central + 28] = 0xFF; // file name length now runs past the directory
        bytes[central + 29] = 0xFF;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<DataFormatException>(() => NpzReader.ReadAll<float>(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void NpzWithACorruptDeflateEntryNamesTheFileAndEntry()
    {
        string path = WriteNpz(CompressionLevel.Optimal);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[LocalDataStart(bytes)] = 0xFF; // final block of the reserved type 3
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<DataFormatException>(() => NpzReader.Read<float>(path, "x"));
        Assert.Contains(path, ex.Message);
        Assert.Contains("x.npy", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void NpzWithACrcMismatchIsReadOrReportedNamingTheFile()
    {
        // Runtimes that verify entry checksums throw InvalidDataException at the end of the entry; older ones do not.
        string path = WriteNpz(CompressionLevel.NoCompression);
        byte[] bytes = File.ReadAllBytes(path);
        int compressed = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(18));
        bytes[LocalDataStart(bytes) + compressed - 1] ^= 0x5A; // the last payload byte: the data stays well formed
        File.WriteAllBytes(path, bytes);
        var error = Record.Exception(() => NpzReader.ReadAll<float>(path));
        if (error is not null) Assert.Contains(path, Assert.IsType<DataFormatException>(error).Message);
    }

    private sealed class FailingDecompressor() : MemoryStream(new byte[10])
    {
        public override int Read(Span<byte> buffer) =>
            Position < 6 ? base.Read(buffer[..(int)Math.Min(buffer.Length, 6 - Position)]) : throw new InvalidDataException("CRC mismatch");
    }

    [Fact]
    public void DecompressionErrorsBecomeDataFormatExceptionsAtTheDecompressedOffset()
    {
        using var stream = BoundedInput.Decompressed(new FailingDecompressor(), "a.npz:x.npy", "zip entry");
        var buffer = new byte[4];
        stream.ReadExactly(buffer);
        var ex = Assert.Throws<DataFormatException>(() => stream.ReadExactly(buffer));
        Assert.Equal(6, ex.ByteOffset);
        Assert.Contains("a.npz:x.npy", ex.Message);
        Assert.Contains("corrupt zip entry data: CRC mismatch", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void NpzMemberClaimingMoreThanItsEntryHoldsFailsWithoutAllocatingTheClaim()
    {
        string path = _dir.File("liar.npz");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        using (var stream = zip.CreateEntry("x.npy", CompressionLevel.Optimal).Open())
            stream.Write(NpyTests.Craft("{'descr': '<f4', 'fortran_order': False, 'shape': (268435456,), }", new byte[16]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => NpzReader.Read<float>(path, "x"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000);
        Assert.Contains("x.npy", ex.Message);
        Assert.Contains("1,073,741,824", ex.Message);
        Assert.Equal(128, ex.ByteOffset); // the payload offset after the padded header
    }

    [Fact]
    public void NpzMemberThatReallyDecompressesIsReadWithoutADoublingBuffer()
    {
        const int values = 1 << 24; // 64 MB of float32 zeros: a few hundred KB compressed
        string path = WriteNpz(CompressionLevel.Fastest, values);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var array = NpzReader.Read<float>(path, "x");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(values, array.Length);
        // The payload once as read plus the result once; a geometrically grown buffer costs about 3x.
        Assert.True(allocated < 2.3 * 4L * values, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void NpyAxisLargerThanAnIntIsAnErrorNamingTheAxis()
    {
        string path = _dir.File("wide.npy");
        File.WriteAllBytes(path, NpyTests.Craft("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3000000000), }", []));
        var ex = Assert.Throws<DataFormatException>(() => Npy.Read<float>(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("axis 1", ex.Message);
        Assert.Contains("3000000000", ex.Message);
        Assert.Throws<DataFormatException>(() => Npy.ReadInt32(path, out _));
    }

    [Fact]
    public void EmptyShapesWithAbsurdAxesAreErrorsNotArgumentExceptions()
    {
        string npy = _dir.File("zero.npy");
        File.WriteAllBytes(npy, NpyTests.Craft("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 0), }", []));
        Assert.Contains(npy, Assert.Throws<DataFormatException>(() => Npy.Read<float>(npy)).Message);
        string idx = _dir.File("zero-idx3-ubyte");
        File.WriteAllBytes(idx, IdxFiles.Build(0x08, [int.MaxValue, int.MaxValue, 0], []));
        Assert.Contains(idx, Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(idx)).Message);
    }

    private static byte[] SafeTensors(byte[] header)
    {
        var bytes = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("{\"a\u00FFb\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}")]
    [InlineData("{\"__metadata__\":{\"k\u00FF\":\"v\"}}")]
    [InlineData("{\"__metadata__\":{\"k\":\"v\u00FF\"}}")]
    [InlineData("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}")]
    [InlineData("{\"__metadata__\":{\"k\":\"\\udc00\"}}")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[\"0\",0]}}")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,0],\"data_offsets\":[0,0]}}")]
    public void SafeTensorsHeaderWithBadEntriesNamesTheFile(string header)
    {
        // Latin-1 keeps \u00FF a single invalid byte in the UTF-8 header.
        byte[] bytes = SafeTensors(Encoding.Latin1.GetBytes(header));
        var ex = Assert.Throws<DataFormatException>(() => SafeTensorsFile.Parse(bytes, "bad.safetensors"));
        Assert.Contains("bad.safetensors", ex.Message);
        string path = _dir.File("bad.safetensors");
        File.WriteAllBytes(path, bytes);
        Assert.Contains(path, Assert.Throws<DataFormatException>(() => SafeTensorsFile.Load(path)).Message);
    }

    [Fact]
    public void SafeTensorsInvalidUtf8ReportsItsOffset()
    {
        byte[] bytes = SafeTensors(Encoding.Latin1.GetBytes("{\"ab\u00FF\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}"));
        var ex = Assert.Throws<DataFormatException>(() => SafeTensorsFile.Parse(bytes, "bad.safetensors"));
        Assert.Equal(8 + 4, ex.ByteOffset);
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void EmptyFilesAreErrorsNamingTheFile()
    {
        string path = _dir.File("empty");
        File.WriteAllBytes(path, []);
        foreach (var read in Readers)
            Assert.Contains(path, Assert.Throws<DataFormatException>(() => read(path)).Message);
    }

    private static readonly Action<string>[] Readers =
    [
        p => IdxReader.Read<float>(p),
        p => CsvDatasetReader.Read<float>(p),
        p => Npy.Read<float>(p),
        p => NpzReader.ReadAll<float>(p),
        p => CifarReader.ReadCifar10Batch<float>(p),
        p => CifarReader.ReadCifar100Labels(p),
        p => SafeTensorsFile.Load(p),
    ];

    [Fact]
    public async Task AFifoIsAnErrorNamingTheFileNotAHang()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = _dir.File("fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", path)) await mkfifo.WaitForExitAsync();
        foreach (var read in Readers)
        {
            var attempt = Task.Run(() => Assert.Throws<DataFormatException>(() => read(path)));
            if (await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromSeconds(20))) != attempt)
            {
                // Opening the write end releases the blocked reader so the test run can finish.
                using (new FileStream(path, FileMode.Open, FileAccess.Write)) { }
                Assert.Fail("reading a FIFO blocked");
            }
            var ex = await attempt;
            Assert.Contains(path, ex.Message);
            Assert.Contains("not a regular file", ex.Message);
        }
    }
}
