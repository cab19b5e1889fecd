using System.Buffers.Binary;
using NativeNet.Data;
using NativeNet.Fuzz;
using NativeNet.IO;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Data;

/// <summary>The MATLAB version of CIFAR-100: level-5 MAT-files as MATLAB writes them, some variables compressed.</summary>
public sealed class CifarMatlabVersionTests : IDisposable
{
    private const int ImageBytes = CifarReader.ImageBytes;
    private static readonly string[] FineNames = [.. Enumerable.Range(0, 100).Select(i => $"fine{i}")];
    private static readonly string[] CoarseNames = [.. Enumerable.Range(0, 20).Select(i => $"super{i}")];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void ReadsTheMatlabDirectoryWithFineAndCoarseLabelsAndNames()
    {
        string root = Path.Combine(_dir.Path, "cifar-100-matlab");
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Combine(root, "train.mat"), CifarSampleFiles.MatlabFile([1, 2, 3], [99, 42, 3], [19, 0, 7]));
        File.WriteAllBytes(Path.Combine(root, "test.mat"), CifarSampleFiles.MatlabFile([4], [5], [4], compressData: false));
        File.WriteAllBytes(Path.Combine(root, "meta.mat"), CifarSampleFiles.MatlabMeta(FineNames, CoarseNames));

        var fine = CifarReader.ReadCifar100<float>(_dir.Path, train: true);
        Assert.True(fine.Features.HasShape(3, 3, 32, 32));
        Assert.Equal([99, 42, 3], fine.Labels);
        Assert.Equal(FineNames, fine.ClassNames);
        // The column-major matrix comes back as row-major images with R, G, B planes.
        for (int n = 0; n < 3; n++)
            foreach (var (c, y, x) in new[] { (0, 0, 0), (1, 5, 7), (2, 31, 30), (2, 31, 31) })
                Assert.Equal(CifarSampleFiles.Pixel(n + 1, c, y, x), fine.Features.At(n, c, y, x));
        var coarse = CifarReader.ReadCifar100<double>(_dir.Path, train: true, Cifar100LabelKind.Coarse);
        Assert.Equal([19, 0, 7], coarse.Labels);
        Assert.Equal("super19", coarse.ClassNames[19]);

        var test = CifarReader.ReadCifar100<float>(root, train: false);
        Assert.Equal([5], test.Labels);
        Assert.Equal(CifarSampleFiles.Pixel(4, 1, 2, 3), test.Features.At(0, 1, 2, 3));
        Assert.Equal("7", CifarReader.ReadCifar100MatlabFile<float>(Path.Combine(root, "train.mat"), Cifar100LabelKind.Coarse).ClassNames[7]);
    }

    [Fact]
    public void ManyImagesCrossTheTilesOfTheTransposition()
    {
        int[] seeds = [.. Enumerable.Range(0, 130)];
        string path = Write("train.mat", CifarSampleFiles.MatlabFile(seeds, [.. seeds.Select(s => s % 100)], [.. seeds.Select(s => s % 20)]));
        var data = CifarReader.ReadCifar100MatlabFile<float>(path);
        Assert.Equal(129 % 100, data.Labels[129]);
        foreach (int n in new[] { 0, 63, 64, 127, 128, 129 })
            Assert.Equal(CifarSampleFiles.Pixel(n, 2, 31, 31), data.Features.At(n, 2, 31, 31));
    }

    private static byte[] Labels(string name, params double[] values) =>
        MatFileBuilder.Matrix(MatFileBuilder.DoubleClass, [values.Length, 1], name, MatFileBuilder.Element(MatFileBuilder.MiDouble, [.. values.SelectMany(BitConverter.GetBytes)]));

    private static byte[] Data(int images, int columns = ImageBytes) =>
        MatFileBuilder.Matrix(MatFileBuilder.UInt8Class, [images, columns], "data", MatFileBuilder.Element(MatFileBuilder.MiUInt8, new byte[images * columns]));

    private static byte[] MatFile(params (byte[] Element, bool Compress)[] variables)
    {
        var builder = new MatFileBuilder();
        foreach (var (element, compress) in variables) builder.Add(element, compress);
        return builder.ToArray();
    }

    private DataFormatException Rejected(byte[] file, Cifar100LabelKind labelKind = Cifar100LabelKind.Fine)
    {
        string path = Write("train.mat", file);
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100MatlabFile<float>(path, labelKind));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message);
        return ex;
    }

    [Fact]
    public void ATruncatedFileNamesTheElementThatRunsPastTheEnd()
    {
        var whole = MatFile((Labels("fine_labels", 1, 2), false), (Data(2), true));
        Assert.Equal([1, 2], CifarReader.ReadCifar100MatlabFile<float>(Write("whole.mat", whole)).Labels);
        int second = 128 + Labels("fine_labels", 1, 2).Length;
        var cut = Rejected(whole[..^10]);
        Assert.Equal(second, cut.ByteOffset);
        Assert.Contains("the data element claims", cut.Problem);
        Assert.Contains("remain in the file", cut.Problem);
        var tag = Rejected(whole[..(second + 5)]);
        Assert.Contains("truncated data element: 5 bytes remain but a tag needs 8", tag.Problem);
        Assert.Contains("not a level-5 MAT-file", Rejected(whole[..100]).Problem);
    }

    [Fact]
    public void ACompressedVariableThatDecompressesShortOrCorruptIsRejected()
    {
        var data = Data(2);
        int offset = 128 + Labels("fine_labels", 1, 2).Length;
        // The zlib stream is whole, but the element inside it claims more bytes than it holds.
        var shortElement = Rejected(MatFile((Labels("fine_labels", 1, 2), false)).Concat(MatFileBuilder.Compressed(data[..^1000])).ToArray());
        Assert.Equal(offset, shortElement.ByteOffset);
        Assert.Contains("truncated compressed variable", shortElement.Problem);
        Assert.Contains("of the decompressed variable", shortElement.Problem);

        var compressed = MatFileBuilder.Compressed(data);
        compressed[8] = 0xFF; // the zlib header
        var corrupt = Rejected(MatFile((Labels("fine_labels", 1, 2), false)).Concat(compressed).ToArray());
        Assert.Equal(offset, corrupt.ByteOffset);
        Assert.Contains("corrupt zlib data", corrupt.Problem);

        // A compressed element whose claimed size exceeds the file is caught before decompressing.
        var huge = MatFileBuilder.Compressed(data);
        BinaryPrimitives.WriteUInt32LittleEndian(huge.AsSpan(4), uint.MaxValue);
        Assert.Contains("claims 4,294,967,295 bytes", Rejected(MatFile((Labels("fine_labels", 1, 2), false)).Concat(huge).ToArray()).Problem);
    }

    [Fact]
    public void LengthFieldsLargerThanTheirElementAreRejected()
    {
        // The data's own element claims 4 GB inside a matrix of a few kilobytes, plain and compressed.
        var data = Data(2);
        int dataTag = data.Length - (2 * ImageBytes + 8);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(dataTag + 4), uint.MaxValue);
        foreach (bool compress in new[] { false, true })
        {
            var ex = Rejected(MatFile((Labels("fine_labels", 1, 2), false), (data, compress)));
            Assert.Contains("claims 4,294,967,295 bytes but its enclosing element has", ex.Problem);
        }
        // A cell array claiming a billion cells in a few bytes.
        var cells = MatFileBuilder.Matrix(MatFileBuilder.CellClass, [1_000_000_000, 1], "fine_label_names", []);
        string meta = Write("meta.mat", MatFile((cells, true)));
        Write("test.mat", MatFile((Labels("fine_labels", 1), false), (Data(1), false)));
        var names = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100<float>(_dir.Path, train: false));
        Assert.Equal(meta, names.FilePath);
        Assert.Contains("claims 1,000,000,000 cells", names.Problem);
    }

    [Fact]
    public void AWrongShapeOrLabelIsRejected()
    {
        Assert.Contains("'data' is a 2x3071 UInt8 array, not an N×3072 uint8 matrix",
            Rejected(MatFile((Labels("fine_labels", 1, 2), false), (Data(2, ImageBytes - 1), true))).Problem);
        Assert.Contains("'fine_labels' is a 3x1 Double array, not the 2x1 labels of the 2 images",
            Rejected(MatFile((Labels("fine_labels", 1, 2, 3), false), (Data(2), false))).Problem);
        Assert.Contains("label 100 of image 1 in 'fine_labels' is out of range for 100 classes",
            Rejected(MatFile((Labels("fine_labels", 1, 100), false), (Data(2), false))).Problem);
        Assert.Contains("label 1.5 of image 0",
            Rejected(MatFile((Labels("fine_labels", 1.5, 2), false), (Data(2), false))).Problem);
        Assert.Contains("label 20 of image 0 in 'coarse_labels' is out of range for 20 classes",
            Rejected(MatFile((Labels("coarse_labels", 20, 2), false), (Data(2), false)), Cifar100LabelKind.Coarse).Problem);
        Assert.Contains("the MAT-file has no variable 'coarse_labels'",
            Rejected(MatFile((Labels("fine_labels", 1, 2), false), (Data(2), false)), Cifar100LabelKind.Coarse).Problem);
        // Data stored as double must still hold whole pixel values.
        var doubles = MatFileBuilder.Matrix(MatFileBuilder.DoubleClass, [1, ImageBytes], "data",
            MatFileBuilder.Element(MatFileBuilder.MiDouble, [.. Enumerable.Repeat(256.0, ImageBytes).SelectMany(BitConverter.GetBytes)]));
        Assert.Contains("pixel 0, 0 of 'data' is 256", Rejected(MatFile((Labels("fine_labels", 1), false), (doubles, true))).Problem);
    }

    [Fact]
    public void KindsOfArrayThatAreNotReadAreRejected()
    {
        var structure = MatFileBuilder.Matrix(MatFileBuilder.StructClass, [1, 1], "data", []);
        Assert.Contains("the variable 'data' is of MATLAB class struct; only numeric, char and cell arrays are read",
            Rejected(MatFile((Labels("fine_labels", 1), false), (structure, false))).Problem);
        var complex = Data(1);
        complex[8 + 8 + 1] = 0x08; // the complex bit of the array flags
        Assert.Contains("the variable 'data' is complex", Rejected(MatFile((Labels("fine_labels", 1), false), (complex, true))).Problem);

        var hdf5 = MatFileBuilder.Header();
        "MATLAB 7.3 MAT-file"u8.CopyTo(hdf5);
        Assert.Contains("version 7.3 (HDF5) is not read", Rejected(hdf5).Problem);
        var version2 = MatFileBuilder.Header();
        version2[124] = 0x02;
        version2[125] = 0x00;
        Assert.Contains("MAT-file version 0x0002 is not 0x0100", Rejected(version2).Problem);
        Assert.Contains("data element type 2 is not a variable", Rejected([.. MatFileBuilder.Header(), .. MatFileBuilder.Element(MatFileBuilder.MiUInt8, new byte[16])]).Problem);
        Assert.Contains("appears twice", Rejected(MatFile((Labels("fine_labels", 1), false), (Labels("fine_labels", 1), true))).Problem);
        var smallVariable = MatFileBuilder.Element(MatFileBuilder.MiUInt8, [1]);
        Assert.Contains("small (4-byte) data element", Rejected([.. MatFileBuilder.Header(), .. smallVariable]).Problem);
    }

    [Fact]
    public void MalformedArrayHeadersAreRejected()
    {
        var badFlags = Data(1);
        badFlags[8] = MatFileBuilder.MiInt32;
        Assert.Contains("an array must begin with its flags", Rejected(MatFile((badFlags, false))).Problem);
        var negative = Data(1);
        BinaryPrimitives.WriteInt32LittleEndian(negative.AsSpan(8 + 16 + 8), -1);
        Assert.Contains("dimension 0 is negative", Rejected(MatFile((negative, false))).Problem);
        var bigSmall = Data(1);
        BinaryPrimitives.WriteUInt32LittleEndian(bigSmall.AsSpan(8 + 16 + 16), 9u << 16 | MatFileBuilder.MiInt8);
        Assert.Contains("claims 9 bytes; it holds at most 4", Rejected(MatFile((bigSmall, false))).Problem);
        var text = MatFileBuilder.Matrix(MatFileBuilder.CellClass, [1, 1], "fine_label_names", MatFileBuilder.Element(MatFileBuilder.MiUInt8, [1, 2, 3, 4, 5, 6, 7, 8]));
        Write("meta.mat", MatFile((text, true)));
        Write("test.mat", MatFile((Labels("fine_labels", 1), false), (Data(1), false)));
        var cell = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100<float>(_dir.Path, train: false));
        Assert.Contains("cell 0 of the variable 'fine_label_names' has data type 2, not an array", cell.Problem);
    }

    [Fact]
    public void MetaFilesMustHoldTheRightNumberOfNames()
    {
        Write("test.mat", MatFile((Labels("fine_labels", 1), false), (Data(1), false)));
        string meta = Write("meta.mat", CifarSampleFiles.MatlabMeta(["a", "b"], CoarseNames));
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar100<float>(_dir.Path, train: false));
        Assert.Equal(meta, ex.FilePath);
        Assert.Contains("expected 100 class names in 'fine_label_names', found 2", ex.Problem);
    }
}
