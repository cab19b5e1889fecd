using System.Buffers.Binary;
using System.Text;
using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Tensors;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Data;

/// <summary>Labels are checked against the declared or inferred class range and name the file, record and value.</summary>
public sealed class LabelValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string Images, string Labels) WriteIdx(string prefix, byte labelType, int[] labels, bool gzip = false)
    {
        string ext = gzip ? ".gz" : "";
        string images = _dir.File($"{prefix}-images-idx3-ubyte{ext}"), labelPath = _dir.File($"{prefix}-labels-idx1-ubyte{ext}");
        IdxFiles.Write(images, IdxFiles.Build(0x08, [labels.Length, 2, 2], new byte[4 * labels.Length]), gzip);
        int size = labelType == 0x0C ? 4 : 1;
        var payload = new byte[size * labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (size == 4) BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4 * i), labels[i]);
            else payload[i] = (byte)labels[i];
        }
        IdxFiles.Write(labelPath, IdxFiles.Build(labelType, [labels.Length], payload), gzip);
        return (images, labelPath);
    }

    [Fact]
    public void FashionMnistLabelOutOfRangeNamesTheFileItemAndValue()
    {
        WriteIdx("train", 0x08, [3, 255, 1]);
        var ex = Assert.Throws<DataFormatException>(() => Datasets.FashionMnist(train: true, _dir.Path));
        Assert.Contains(_dir.File("train-labels-idx1-ubyte"), ex.Message);
        Assert.Contains("label 255", ex.Message);
        Assert.Contains("item 1", ex.Message);
        Assert.Equal(8 + 1, ex.ByteOffset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IdxLabelOfIntMaxIsACleanError(bool gzip)
    {
        var (images, labels) = WriteIdx("t", 0x0C, [0, int.MaxValue], gzip);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset<float>(images, labels));
        Assert.Contains(labels, ex.Message);
        Assert.Contains("2147483647", ex.Message);
        Assert.Contains("item 1", ex.Message);
        Assert.Contains("class count", ex.Message);
        Assert.Equal(8 + 4, ex.ByteOffset);
    }

    [Fact]
    public void InferredClassCountBeyondTheSampleCountIsAnError()
    {
        var (images, labels) = WriteIdx("t", 0x08, [0, 200, 1]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset<float>(images, labels));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("label 200", ex.Message);
        Assert.Contains("item 1", ex.Message);
        // Declaring the class count accepts it, and keeps classes no label uses.
        var data = IdxReader.ReadDataset<float>(images, labels, classCount: 256);
        Assert.Equal(256, data.ClassCount);
        Assert.Equal("255", data.ClassNames[255]);
    }

    [Fact]
    public void DeclaredIdxClassCountIsEnforced()
    {
        var (images, labels) = WriteIdx("t", 0x08, [0, 1, 9, 10]);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset<float>(images, labels, classCount: 10));
        Assert.Contains("label 10", ex.Message);
        Assert.Contains("item 3", ex.Message);
        Assert.Contains("10 classes", ex.Message);
        Assert.Equal(8 + 3, ex.ByteOffset);
        Assert.Equal(11, IdxReader.ReadDataset<float>(images, labels, classCount: 11).ClassCount);
        Assert.Throws<ArgumentException>(() => IdxReader.ReadDataset<float>(images, labels, ["a", "b"], classCount: 11));
    }

    [Fact]
    public void TestLabelsOutsideTheTrainingClassesAreErrors()
    {
        var (trainImages, trainLabels) = WriteIdx("train", 0x08, [0, 1, 2, 1]);
        var (testImages, testLabels) = WriteIdx("test", 0x08, [2, 3]);
        var train = IdxReader.ReadDataset<float>(trainImages, trainLabels);
        Assert.Equal(3, train.ClassCount);
        var ex = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset<float>(testImages, testLabels, train.ClassNames));
        Assert.Contains(testLabels, ex.Message);
        Assert.Contains("label 3", ex.Message);
        Assert.Contains("item 1", ex.Message);
    }

    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void CsvLabelOfIntMaxIsACleanError()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read<float>(Text("1,0\n2,2147483647\n"), "big.csv"));
        Assert.Contains("big.csv", ex.Message);
        Assert.Contains("2147483647", ex.Message);
        Assert.Contains("row 1", ex.Message);
        Assert.Contains("class count", ex.Message);
        Assert.Equal(6, ex.ByteOffset);
    }

    [Fact]
    public void DeclaredCsvClassCountIsEnforcedAndKept()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read<float>(Text("x,y\n1,0\n2,3\n"), "c.csv", classCount: 3));
        Assert.Contains("label 3", ex.Message);
        Assert.Contains("row 1", ex.Message);
        Assert.Contains("line 3", ex.Message);
        Assert.Equal(8 + 2, ex.ByteOffset);
        var data = CsvDatasetReader.Read<float>(Text("1,0\n2,1\n"), "c.csv", classCount: 5);
        Assert.Equal(5, data.ClassCount);
        var named = CsvDatasetReader.Read<float>(Text("1,0\n2,1\n"), "c.csv", classNames: ["a", "b", "c"]);
        Assert.Equal(3, named.ClassCount);
        Assert.Contains("row 1", Assert.Throws<DataFormatException>(
            () => CsvDatasetReader.Read<float>(Text("1,0\n2,1\n"), "c.csv", classNames: ["a"])).Message);
    }

    [Fact]
    public void DatasetInfersHugeClassCountsWithoutAllocatingNamesAndRejectsIntMax()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var data = new Dataset<float>(NdArray<float>.Zeros(1, 1), [2_000_000_000]);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Equal(2_000_000_001, data.ClassCount);
        Assert.Equal("1999999999", data.ClassNames[1_999_999_999]);
        Assert.Throws<ArgumentException>(() => new Dataset<float>(NdArray<float>.Zeros(1, 1), [int.MaxValue]));
    }

    [Fact]
    public void EmptyCifarBatchIsAnError()
    {
        string path = _dir.File("data_batch_1.bin");
        File.WriteAllBytes(path, []);
        Assert.Contains(path, Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10Batch<float>(path)).Message);
        Assert.Contains(path, Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100File<float>(path)).Message);
    }

    [Fact]
    public void CifarLabelOutOfRangeNamesTheRecord()
    {
        string path = _dir.File("b.bin");
        var bytes = new byte[3 * (1 + CifarReader.ImageBytes)];
        bytes[2 * (1 + CifarReader.ImageBytes)] = 10;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10Batch<float>(path));
        Assert.Contains("label 10", ex.Message);
        Assert.Contains("record 2", ex.Message);
        Assert.Equal(2 * (1 + CifarReader.ImageBytes), ex.ByteOffset);
    }
}
