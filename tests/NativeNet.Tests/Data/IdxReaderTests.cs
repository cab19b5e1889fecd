using System.Buffers.Binary;
using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Three 2x2 images whose pixels are 10*image + position, and labels 2, 0, 1.
    private static readonly byte[] Pixels = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 255];

    private (string Images, string Labels) WriteDataset(bool gzip, int labelCount = 3)
    {
        string ext = gzip ? ".gz" : "";
        string images = _dir.File("images-idx3-ubyte" + ext), labels = _dir.File("labels-idx1-ubyte" + ext);
        IdxFiles.Write(images, IdxFiles.Build(0x08, [3, 2, 2], Pixels), gzip);
        IdxFiles.Write(labels, IdxFiles.Build(0x08, [labelCount], [.. new byte[] { 2, 0, 1, 1 }.Take(labelCount)]), gzip);
        return (images, labels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndLabelsRawOrGzip(bool gzip)
    {
        var (images, labels) = WriteDataset(gzip);
        var data = IdxReader.ReadDataset<float>(images, labels, ["a", "b", "c"]);
        Assert.Equal(3, data.Count);
        Assert.True(data.Features.HasShape(3, 2, 2));
        Assert.Equal(Pixels.Select(p => (float)p), data.Features.ToArray());
        Assert.Equal([2, 0, 1], data.Labels);
        Assert.Equal("c", data.ClassNames[data.Labels[0]]);
        var asDouble = IdxReader.Read<double>(images);
        Assert.Equal(255.0, asDouble[11]);
    }

    [Fact]
    public void ReadsBigEndianWiderTypes()
    {
        var payload = new byte[12];
        BinaryPrimitives.WriteInt32BigEndian(payload, -5);
        BinaryPrimitives.WriteSingleBigEndian(payload.AsSpan(4), 1.25f);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(8), 70000);
        File.WriteAllBytes(_dir.File("ints"), IdxFiles.Build(0x0C, [3], payload));
        Assert.Equal([-5f, (float)BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(4)), 70000f], IdxReader.Read<float>(_dir.File("ints")).ToArray());
        File.WriteAllBytes(_dir.File("floats"), IdxFiles.Build(0x0D, [1], payload[4..8]));
        Assert.Equal(1.25f, IdxReader.Read<float>(_dir.File("floats"))[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BadMagicNamesFileAndOffset(bool gzip)
    {
        var bytes = IdxFiles.Build(0x08, [3, 2, 2], Pixels);
        bytes[0] = 0x12;
        IdxFiles.Write(_dir.File("bad"), bytes, gzip);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(_dir.File("bad")));
        Assert.Contains("magic", ex.Message);
        Assert.Contains(_dir.File("bad"), ex.Message);
        Assert.Equal(0, ex.ByteOffset);
        bytes[0] = 0;
        bytes[2] = 0x42;
        IdxFiles.Write(_dir.File("type"), bytes, gzip);
        Assert.Equal(2, Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(_dir.File("type"))).ByteOffset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedDataIsRejected(bool gzip)
    {
        IdxFiles.Write(_dir.File("short"), IdxFiles.Build(0x08, [3, 2, 2], Pixels[..7]), gzip);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(_dir.File("short")));
        // Raw files fail at the end of the header (the length check); gzip fails where the data runs out.
        Assert.Equal(gzip ? 16 + 7 : 16, ex.ByteOffset);
        Assert.Contains("12", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedHeaderIsRejected(bool gzip)
    {
        IdxFiles.Write(_dir.File("head"), IdxFiles.Build(0x08, [3, 2, 2], [])[..9], gzip);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(_dir.File("head")));
        Assert.Equal(9, ex.ByteOffset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrailingBytesAreRejected(bool gzip)
    {
        IdxFiles.Write(_dir.File("long"), IdxFiles.Build(0x08, [2, 2, 2], Pixels), gzip);
        Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(_dir.File("long")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CountMismatchBetweenImagesAndLabels(bool gzip)
    {
        var (images, labels) = WriteDataset(gzip, labelCount: 4);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset<float>(images, labels));
        Assert.Contains("3", ex.Message);
        Assert.Contains("4", ex.Message);
        Assert.Contains(images, ex.Message);
        Assert.Contains(labels, ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TeraItemClaimFailsWithoutAllocating(bool gzip)
    {
        // 10^12 items: 1,000,000 x 1,000,000 bytes.
        IdxFiles.Write(_dir.File("huge"), IdxFiles.Build(0x08, [1_000_000, 1_000_000], Pixels), gzip);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(_dir.File("huge")));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 5_000_000);
        Assert.Contains("(1000000, 1000000)", ex.Message);
        Assert.Equal(12, ex.ByteOffset);
    }

    [Fact]
    public void GzipClaimThatFitsAnArrayAllocatesOnlyWhatWasDecompressed()
    {
        // 1.5 GB claimed, 12 bytes present: the reader must fail at offset 12+12 having allocated about the first chunk.
        IdxFiles.Write(_dir.File("liar.gz"), IdxFiles.Build(0x08, [1_500_000, 1000], Pixels), gzip: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.Read<float>(_dir.File("liar.gz")));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 5_000_000);
        Assert.Equal(12 + 12, ex.ByteOffset);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void LabelFilesMustBeOneDimensionalIntegers()
    {
        File.WriteAllBytes(_dir.File("l2"), IdxFiles.Build(0x08, [2, 2], [0, 1, 2, 3]));
        Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(_dir.File("l2")));
        var (images, labels) = WriteDataset(gzip: false);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset<float>(images, labels, ["only", "two"]));
        Assert.Contains("label 2", ex.Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read<float>(_dir.File("nope")));
    }
}
