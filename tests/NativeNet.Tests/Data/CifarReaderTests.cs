using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Data;

public sealed class CifarReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Pixel value for image `seed` at channel c, row y, column x: distinct per position, within a byte.
    private static byte Pixel(int seed, int c, int y, int x) => (byte)((seed * 7 + c * 50 + y * 3 + x) % 256);

    private static byte[] Record(byte[] labels, int seed)
    {
        var record = new byte[labels.Length + CifarReader.ImageBytes];
        labels.CopyTo(record, 0);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                    record[labels.Length + c * 1024 + y * 32 + x] = Pixel(seed, c, y, x);
        return record;
    }

    private static void WriteRecords(string path, params byte[][] records) => File.WriteAllBytes(path, records.SelectMany(r => r).ToArray());

    [Fact]
    public void ReadsCifar10DirectoryWithMetaNames()
    {
        string root = Path.Combine(_dir.Path, "cifar-10-batches-bin");
        Directory.CreateDirectory(root);
        for (int b = 1; b <= 5; b++)
            WriteRecords(Path.Combine(root, $"data_batch_{b}.bin"), Record([(byte)(b % 10)], b * 10), Record([(byte)((b + 5) % 10)], b * 10 + 1));
        WriteRecords(Path.Combine(root, "test_batch.bin"), Record([9], 99));
        File.WriteAllText(Path.Combine(root, "batches.meta.txt"), string.Join("\n", Enumerable.Range(0, 10).Select(i => $"class{i}")) + "\n\n");

        var train = CifarReader.ReadCifar10<float>(_dir.Path, train: true);
        Assert.Equal(10, train.Count);
        Assert.True(train.Features.HasShape(10, 3, 32, 32));
        Assert.Equal([1, 6, 2, 7, 3, 8, 4, 9, 5, 0], train.Labels);
        Assert.Equal("class3", train.ClassNames[3]);
        // Sample 3 is the second record of batch 2 (seed 21): channel planes in R, G, B order.
        Assert.Equal(Pixel(21, 0, 0, 0), train.Features.At(3, 0, 0, 0));
        Assert.Equal(Pixel(21, 1, 5, 7), train.Features.At(3, 1, 5, 7));
        Assert.Equal(Pixel(21, 2, 31, 30), train.Features.At(3, 2, 31, 30));

        var test = CifarReader.ReadCifar10<double>(root, train: false);
        Assert.Equal(1, test.Count);
        Assert.Equal(9, test.Labels[0]);
        Assert.Equal(Pixel(99, 2, 4, 4), test.Features.At(0, 2, 4, 4));
    }

    [Fact]
    public void ReadsCifar100WithCoarseAndFineLabels()
    {
        WriteRecords(_dir.File("train.bin"), Record([19, 99], 1), Record([0, 42], 2), Record([7, 3], 3));
        WriteRecords(_dir.File("test.bin"), Record([4, 5], 4));
        File.WriteAllLines(_dir.File("coarse_label_names.txt"), Enumerable.Range(0, 20).Select(i => $"super{i}"));
        File.WriteAllLines(_dir.File("fine_label_names.txt"), Enumerable.Range(0, 100).Select(i => $"fine{i}"));

        var fine = CifarReader.ReadCifar100<float>(_dir.Path, train: true);
        Assert.Equal([99, 42, 3], fine.Labels);
        Assert.Equal(100, fine.ClassCount);
        Assert.Equal("fine42", fine.ClassNames[42]);
        Assert.Equal(Pixel(2, 1, 3, 4), fine.Features.At(1, 1, 3, 4));
        var coarse = CifarReader.ReadCifar100<float>(_dir.Path, train: true, Cifar100LabelKind.Coarse);
        Assert.Equal([19, 0, 7], coarse.Labels);
        Assert.Equal(20, coarse.ClassCount);
        Assert.Equal("super19", coarse.ClassNames[19]);
        var (c, f) = CifarReader.ReadCifar100Labels(_dir.File("test.bin"));
        Assert.Equal([4], c);
        Assert.Equal([5], f);
        Assert.Equal(1, CifarReader.ReadCifar100<float>(_dir.Path, train: false).Count);
    }

    [Fact]
    public void TruncatedRecordNamesFileAndOffset()
    {
        var bytes = Record([3], 1).Concat(Record([4], 2)).ToArray();
        File.WriteAllBytes(_dir.File("data_batch_1.bin"), bytes[..^5]);
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10Batch<float>(_dir.File("data_batch_1.bin")));
        Assert.Equal(3073, ex.ByteOffset);
        Assert.Contains("data_batch_1.bin", ex.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesTheRecordOffset()
    {
        WriteRecords(_dir.File("b.bin"), Record([3], 1), Record([10], 2));
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10Batch<float>(_dir.File("b.bin")));
        Assert.Equal(3073, ex.ByteOffset);
        WriteRecords(_dir.File("c100.bin"), Record([20, 1], 1));
        Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100File<float>(_dir.File("c100.bin"), Cifar100LabelKind.Coarse));
        WriteRecords(_dir.File("f100.bin"), Record([1, 100], 1));
        Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100File<float>(_dir.File("f100.bin")));
    }

    [Fact]
    public void WrongNumberOfMetaNamesIsRejected()
    {
        WriteRecords(_dir.File("test_batch.bin"), Record([1], 1));
        File.WriteAllLines(_dir.File("batches.meta.txt"), ["a", "b"]);
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10<float>(_dir.Path, train: false));
        Assert.Contains("expected 10 class names", ex.Message);
    }

    [Fact]
    public void MissingBatchIsFileNotFound()
    {
        WriteRecords(_dir.File("data_batch_1.bin"), Record([1], 1));
        Assert.Throws<FileNotFoundException>(() => CifarReader.ReadCifar10<float>(_dir.Path, train: true));
    }
}
