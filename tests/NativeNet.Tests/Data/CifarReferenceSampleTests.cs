using System.IO.Compression;
using NativeNet.Data;
using NativeNet.Fuzz;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Data;

/// <summary>
/// CIFAR files written by Python 3's pickle with numpy (protocols 2, 4 and 5, bytes and str keys, numpy 2's module
/// name) and by scipy's savemat, kept under Data/CifarSamples/ (make_samples.py wrote them).
/// </summary>
public sealed class CifarReferenceSampleTests : IDisposable
{
    private static readonly string SamplesFolder = Path.Combine(AppContext.BaseDirectory, "Data", "CifarSamples");

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Unpacks a sample under the name the reader expects.
    private string Sample(string sample, string name)
    {
        string path = _dir.File(name);
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(SamplesFolder, sample + ".gz")), CompressionMode.Decompress);
        using var file = File.Create(path);
        gzip.CopyTo(file);
        return path;
    }

    private static void AssertImages(NativeNet.Tensors.NdArray<float> features, params int[] seeds)
    {
        Assert.True(features.HasShape(seeds.Length, 3, 32, 32));
        for (int n = 0; n < seeds.Length; n++)
            foreach (var (c, y, x) in new[] { (0, 0, 0), (0, 9, 31), (1, 5, 7), (2, 31, 31) })
                Assert.Equal(CifarSampleFiles.Pixel(seeds[n], c, y, x), features.At(n, c, y, x));
    }

    [Theory]
    [InlineData("cifar10-protocol2.pickle")]
    [InlineData("cifar10-protocol4.pickle")]
    [InlineData("cifar10-protocol5.pickle")]
    public void ReadsCifar10BatchesPickledByPython3(string sample)
    {
        var batch = CifarReader.ReadCifar10PythonBatch<float>(Sample(sample, "data_batch_1"));
        Assert.Equal([3, 7], batch.Labels);
        AssertImages(batch.Features, 1, 2);
    }

    [Theory]
    [InlineData("cifar100-protocol2.pickle")]
    [InlineData("cifar100-protocol4.pickle")]
    [InlineData("cifar100-protocol5.pickle")]
    [InlineData("cifar100-numpy2-protocol4.pickle")]
    public void ReadsCifar100FilesPickledByPython3(string sample)
    {
        string path = Sample(sample, "train");
        Assert.Equal([99, 0, 42], CifarReader.ReadCifar100PythonFile<float>(path).Labels);
        var coarse = CifarReader.ReadCifar100PythonFile<float>(path, Cifar100LabelKind.Coarse);
        Assert.Equal([19, 4, 0], coarse.Labels);
        AssertImages(coarse.Features, 3, 4, 5);
    }

    [Fact]
    public void ReadsMetaFilesPickledByPython3()
    {
        Sample("cifar10-protocol4.pickle", "test_batch");
        Sample("cifar10-meta-protocol2.pickle", "batches.meta");
        Assert.Equal(CifarReader.Cifar10ClassNames, CifarReader.ReadCifar10<float>(_dir.Path, train: false).ClassNames);
        Sample("cifar100-protocol2.pickle", "test");
        Sample("cifar100-meta-protocol4.pickle", "meta");
        Assert.Equal("coarse19", CifarReader.ReadCifar100<float>(_dir.Path, train: false, Cifar100LabelKind.Coarse).ClassNames[19]);
    }

    [Fact]
    public void ReadsMatFilesWrittenByScipy()
    {
        Sample("cifar100-train.mat", "train.mat");
        Sample("cifar100-meta.mat", "meta.mat");
        var fine = CifarReader.ReadCifar100<float>(_dir.Path, train: true);
        Assert.Equal([99, 0, 42], fine.Labels);
        Assert.Equal("fine99", fine.ClassNames[99]);
        AssertImages(fine.Features, 3, 4, 5);
        var coarse = CifarReader.ReadCifar100<float>(_dir.Path, train: true, Cifar100LabelKind.Coarse);
        Assert.Equal([19, 4, 0], coarse.Labels);
        Assert.Equal("coarse4", coarse.ClassNames[4]);
    }
}
