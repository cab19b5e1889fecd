using System.Buffers.Binary;
using NativeNet.Data;
using NativeNet.Fuzz;
using NativeNet.IO;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Data;

/// <summary>The python version of CIFAR-10 and CIFAR-100: pickles as Python 2's cPickle wrote the official archives.</summary>
public sealed class CifarPythonVersionTests : IDisposable
{
    private const int ImageBytes = CifarReader.ImageBytes;
    private static readonly string[] Cifar10Names = ["plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void ReadsTheCifar10PythonDirectoryWithItsMetaNames()
    {
        string root = Path.Combine(_dir.Path, "cifar-10-batches-py");
        Directory.CreateDirectory(root);
        for (int b = 1; b <= 5; b++)
            File.WriteAllBytes(Path.Combine(root, $"data_batch_{b}"), CifarSampleFiles.Cifar10Batch([b * 10, b * 10 + 1], [b % 10, (b + 5) % 10]));
        File.WriteAllBytes(Path.Combine(root, "test_batch"), CifarSampleFiles.Cifar10Batch([99], [9]));
        File.WriteAllBytes(Path.Combine(root, "batches.meta"), CifarSampleFiles.Cifar10Meta(Cifar10Names));

        var train = CifarReader.ReadCifar10<float>(_dir.Path, train: true);
        Assert.True(train.Features.HasShape(10, 3, 32, 32));
        Assert.Equal([1, 6, 2, 7, 3, 8, 4, 9, 5, 0], train.Labels);
        Assert.Equal(Cifar10Names, train.ClassNames);
        // Sample 3 is the second image of batch 2 (seed 21): channel planes in R, G, B order.
        Assert.Equal(CifarSampleFiles.Pixel(21, 0, 0, 0), train.Features.At(3, 0, 0, 0));
        Assert.Equal(CifarSampleFiles.Pixel(21, 1, 5, 7), train.Features.At(3, 1, 5, 7));
        Assert.Equal(CifarSampleFiles.Pixel(21, 2, 31, 30), train.Features.At(3, 2, 31, 30));

        var test = CifarReader.ReadCifar10<double>(root, train: false);
        Assert.Equal([9], test.Labels);
        Assert.Equal(CifarSampleFiles.Pixel(99, 2, 4, 4), test.Features.At(0, 2, 4, 4));
    }

    [Fact]
    public void ReadsTheCifar100PythonDirectoryWithFineAndCoarseLabels()
    {
        Write("train", CifarSampleFiles.Cifar100File([1, 2, 3], [99, 42, 3], [19, 0, 7]));
        Write("test", CifarSampleFiles.Cifar100File([4], [5], [4]));
        Write("meta", CifarSampleFiles.Cifar100Meta([.. Enumerable.Range(0, 100).Select(i => $"fine{i}")], [.. Enumerable.Range(0, 20).Select(i => $"super{i}")]));

        var fine = CifarReader.ReadCifar100<float>(_dir.Path, train: true);
        Assert.Equal([99, 42, 3], fine.Labels);
        Assert.Equal("fine42", fine.ClassNames[42]);
        Assert.Equal(CifarSampleFiles.Pixel(2, 1, 3, 4), fine.Features.At(1, 1, 3, 4));
        var coarse = CifarReader.ReadCifar100<float>(_dir.Path, train: true, Cifar100LabelKind.Coarse);
        Assert.Equal([19, 0, 7], coarse.Labels);
        Assert.Equal(20, coarse.ClassCount);
        Assert.Equal("super19", coarse.ClassNames[19]);
        Assert.Equal([4], CifarReader.ReadCifar100<float>(_dir.Path, train: false, Cifar100LabelKind.Coarse).Labels);
        Assert.Equal("3", CifarReader.ReadCifar100PythonFile<float>(_dir.File("train")).ClassNames[3]);
    }

    [Fact]
    public void LargeBatchesUseBinstringAndAppendsInThousands()
    {
        int[] seeds = [.. Enumerable.Range(0, 1500)];
        var batch = CifarReader.ReadCifar10PythonBatch<float>(Write("data_batch_1", CifarSampleFiles.Cifar10Batch(seeds, [.. seeds.Select(s => s % 10)])));
        Assert.Equal(1500, batch.Count);
        Assert.Equal(1499 % 10, batch.Labels[1499]);
        Assert.Equal(CifarSampleFiles.Pixel(1234, 2, 17, 9), batch.Features.At(1234, 2, 17, 9));
    }

    [Fact]
    public void TheBinaryVersionIsPreferredAndAMissingDirectoryListsEveryVersion()
    {
        Write("test_batch", CifarSampleFiles.Cifar10Batch([1], [1]));
        Write("test_batch.bin", [2, .. CifarSampleFiles.Pixels([5])]);
        Assert.Equal([2], CifarReader.ReadCifar10<float>(_dir.Path, train: false).Labels);

        var ex = Assert.Throws<FileNotFoundException>(() => CifarReader.ReadCifar100<float>(_dir.Path, train: true));
        foreach (var version in CifarVersion.Cifar100Versions) Assert.Contains(version.Describe(), ex.Message);
        Assert.Contains("the matlab version (train.mat, test.mat, meta.mat) in DIR or DIR/cifar-100-matlab", ex.Message);
    }

    [Fact]
    public void AMissingBatchIsFileNotFound()
    {
        Write("data_batch_1", CifarSampleFiles.Cifar10Batch([1], [1]));
        var ex = Assert.Throws<FileNotFoundException>(() => CifarReader.ReadCifar10<float>(_dir.Path, train: true));
        Assert.Contains("data_batch_2", ex.Message);
    }

    // A CIFAR-10 batch of two images whose parts the malformed cases replace.
    private static PickleBuilder Batch(Action<PickleBuilder>? data = null, Action<PickleBuilder>? labels = null) =>
        new PickleBuilder().Proto().Dict(
            ("data", data ?? (p => p.UInt8Array(2, ImageBytes, CifarSampleFiles.Pixels([1, 2])))),
            ("labels", labels ?? (p => p.IntList([3, 7]))));

    private DataFormatException Rejected(byte[] pickle, string name = "data_batch_1")
    {
        string path = Write(name, pickle);
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10PythonBatch<float>(path));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message);
        return ex;
    }

    [Fact]
    public void ATruncatedPickleNamesTheFileAndWhereItEnds()
    {
        var whole = Batch().Stop().ToArray();
        Assert.Equal(2, CifarReader.ReadCifar10PythonBatch<float>(Write("whole", whole)).Count);
        var noStop = Rejected(whole[..^1]);
        Assert.Equal(whole.Length - 1, noStop.ByteOffset);
        Assert.Contains("truncated pickle", noStop.Problem);
        // Cut inside the pixel bytes: the BINSTRING's length now claims more than the file holds.
        var inData = Rejected(whole[..3000]);
        Assert.Contains("the BINSTRING claims 6,144 bytes but only", inData.Problem);
        var inHeader = Rejected(whole[..1]);
        Assert.Equal(0, inHeader.ByteOffset);
    }

    [Fact]
    public void AnOpcodeOutsideTheSubsetIsRejectedAtItsOffset()
    {
        var pickle = Batch();
        long offset = pickle.Length;
        var ex = Rejected(pickle.Raw((byte)'i').Raw("os\nsystem\n"u8.ToArray()).Stop().ToArray());
        Assert.Equal(offset, ex.ByteOffset);
        Assert.Contains("opcode 0x69 'i' (INST) is not allowed", ex.Problem);
        Assert.Contains("0xFF is not allowed", Rejected(new PickleBuilder().Proto().Raw(0xFF).ToArray()).Problem);
        Assert.Contains("EXT", Rejected(new PickleBuilder().Proto().Raw(0x82, 1).ToArray()).Problem);
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("__builtin__", "getattr")]
    [InlineData("subprocess", "Popen")]
    [InlineData("numpy", "load")]
    [InlineData("numpy.core.multiarray", "scalar")]
    public void AGlobalOutsideTheAllowListIsRejectedBeforeAnythingRuns(string module, string name)
    {
        // The classic exploit: GLOBAL os.system, ('echo pwned',), REDUCE.
        long offset = new PickleBuilder().Proto().Length;
        var global = Rejected(new PickleBuilder().Proto().Global(module, name).Str("echo pwned").Raw(0x85, (byte)'R').Stop().ToArray());
        Assert.Equal(offset, global.ByteOffset);
        Assert.Contains($"the global {module}.{name} is not allowed", global.Problem);

        // Protocol 4 names it with STACK_GLOBAL, and hiding it as the data of a real batch changes nothing.
        var stacked = Batch(data: p => p.Unicode(module).Unicode(name).Raw(0x93).Unicode("echo pwned").Raw(0x85, (byte)'R'));
        Assert.Contains($"the global {module}.{name} is not allowed", Rejected(stacked.Stop().ToArray()).Problem);
    }

    [Fact]
    public void AllowedGlobalsCannotBeCalledWithOtherArguments()
    {
        var encode = Batch(data: p => p.Global("_codecs", "encode").Unicode("abc").Unicode("utf-8").Raw(0x86, (byte)'R'));
        Assert.Contains("encode(text, 'latin1')", Rejected(encode.Stop().ToArray()).Problem);
        var reduceString = Batch(data: p => p.Str("os.system").Raw(0x29, (byte)'R'));
        Assert.Contains("REDUCE cannot call bytes", Rejected(reduceString.Stop().ToArray()).Problem);
        var objectDtype = Batch(data: p => p.Global("numpy", "dtype").Str("O8").Int(0).Int(1).Raw(0x87, (byte)'R'));
        Assert.Contains("the dtype 'O8' is not a plain numeric type", Rejected(objectDtype.Stop().ToArray()).Problem);
    }

    [Fact]
    public void ALengthFieldLargerThanTheFileIsRejectedBeforeAllocating()
    {
        var pickle = Batch();
        long offset = pickle.Length;
        // BINSTRING of 2 GB, BINBYTES8 of 2^63 and BINUNICODE of 4 GB, in a file of a few kilobytes.
        var binstring = Rejected(pickle.Raw((byte)'T', 0xFF, 0xFF, 0xFF, 0x7F).Stop().ToArray());
        Assert.Equal(offset, binstring.ByteOffset);
        Assert.Contains("the BINSTRING claims 2,147,483,647 bytes but only 1 remain", binstring.Problem);
        Assert.Contains("BINBYTES8 claims 9,223,372,036,854,775,808 bytes",
            Rejected(new PickleBuilder().Proto(4).Raw(0x8E, 0, 0, 0, 0, 0, 0, 0, 0x80).Stop().ToArray()).Problem);
        Assert.Contains("BINUNICODE claims 4,294,967,295 bytes",
            Rejected(new PickleBuilder().Proto(3).Raw((byte)'X', 0xFF, 0xFF, 0xFF, 0xFF).Stop().ToArray()).Problem);
        Assert.Contains("frame claims", Rejected(new PickleBuilder().Proto(4).Raw(0x95, 0, 0, 0, 0, 1, 0, 0, 0).Stop().ToArray()).Problem);
    }

    [Fact]
    public void AWrongShapeOrSizeNamesTheArray()
    {
        var narrow = Rejected(Batch(data: p => p.UInt8Array(2, ImageBytes - 1, new byte[2 * (ImageBytes - 1)])).Stop().ToArray());
        Assert.Contains("'data' has shape (2, 3071), not (N, 3072) in C order", narrow.Problem);
        Assert.True(narrow.ByteOffset > 0);

        // The shape claims two images but the data holds fewer bytes.
        var shortData = Batch(data: p =>
        {
            p.Global("numpy.core.multiarray", "_reconstruct").Global("numpy", "ndarray").Int(0).Raw(0x85).Str("b").Raw(0x87, (byte)'R');
            p.Mark().Int(1).Int(2).Int(ImageBytes).Raw(0x86);
            p.Global("numpy", "dtype").Str("u1").Int(0).Int(1).Raw(0x87, (byte)'R');
            p.Mark().Int(3).Str("|").Raw((byte)'N', (byte)'N', (byte)'N').Int(-1).Int(-1).Int(0).Raw((byte)'t', (byte)'b');
            p.Raw(0x89).Str(new byte[ImageBytes]).Raw((byte)'t', (byte)'b');
        });
        Assert.Contains("needs 6,144 bytes of data, but has 3,072", Rejected(shortData.Stop().ToArray()).Problem);

        var labels = Rejected(Batch(labels: p => p.IntList([3, 7, 1])).Stop().ToArray());
        Assert.Contains("'labels' holds 3 labels but 'data' holds 2 images", labels.Problem);
        var wideInts = Batch(data: p => p.Global("numpy", "dtype").Str("i8").Int(0).Int(1).Raw(0x87, (byte)'R'));
        Assert.Contains("'data' is a numpy dtype, not a uint8 numpy array", Rejected(wideInts.Stop().ToArray()).Problem);
    }

    [Fact]
    public void LabelsOutsideTheClassesOrOfTheWrongTypeAreRejected()
    {
        var outOfRange = Rejected(Batch(labels: p => p.IntList([3, 10])).Stop().ToArray());
        Assert.Contains("label 10 of image 1 in 'labels' is out of range for 10 classes", outOfRange.Problem);
        Assert.Contains("label -1 of image 0", Rejected(Batch(labels: p => p.IntList([-1, 0])).Stop().ToArray()).Problem);
        Assert.Contains("item 0 of 'labels' is bytes, not an int", Rejected(Batch(labels: p => p.StrList(["3", "7"])).Stop().ToArray()).Problem);
        // A list that holds itself (APPENDS of its own memo entry) is only ever looked at one level deep.
        var selfHolding = Batch(labels: p => p.Raw((byte)']', (byte)'q', 200, (byte)'(', (byte)'h', 200, (byte)'h', 200, (byte)'e'));
        Assert.Contains("item 0 of 'labels' is a list, not an int", Rejected(selfHolding.Stop().ToArray()).Problem);
        var cifar100 = CifarSampleFiles.Cifar100File([1], [1], [1]);
        Assert.Contains("the dict has no 'labels' (its keys: batch_label, coarse_labels, data, filenames, fine_labels)", Rejected(cifar100).Problem);
    }

    [Fact]
    public void MalformedStructureIsRejected()
    {
        Assert.Contains("not a pickle of protocol 2 or later", Rejected("(dp0\nS'data'\np1\n."u8.ToArray()).Problem);
        Assert.Contains("pickle protocol 6 is not one of 2 to 5", Rejected([0x80, 6, (byte)'N', (byte)'.']).Problem);
        Assert.Contains("holds None, not a dict", Rejected([0x80, 2, (byte)'N', (byte)'.']).Problem);
        Assert.Contains("2 bytes follow the end of the pickle", Rejected([.. Batch().Stop().ToArray(), 0, 0]).Problem);
        Assert.Contains("memo entry 77 was never stored", Rejected([0x80, 2, (byte)'h', 77, (byte)'.']).Problem);
        Assert.Contains("the stack is empty", Rejected([0x80, 2, (byte)'.']).Problem);
        Assert.Contains("values or marks left on the stack", Rejected([0x80, 2, (byte)'N', (byte)'N', (byte)'.']).Problem);
        Assert.Contains("appears twice", Rejected(new PickleBuilder().Proto().Dict(("data", p => p.Int(1)), ("data", p => p.Int(2))).Stop().ToArray()).Problem);
        Assert.Contains("a dict key is an int", Rejected(new PickleBuilder().Proto().Raw((byte)'}', (byte)'K', 1, (byte)'K', 2, (byte)'s', (byte)'.').ToArray()).Problem);
        Assert.Contains("APPEND cannot apply to a dict", Rejected(new PickleBuilder().Proto().Raw((byte)'}', (byte)'K', 1, (byte)'a', (byte)'.').ToArray()).Problem);
        Assert.Contains("BUILD cannot set the state of bytes", Rejected(Batch(data: p => p.Str("x").Raw((byte)')', (byte)'b')).Stop().ToArray()).Problem);
        Assert.Contains("no newline", Rejected(new PickleBuilder().Proto().Raw((byte)'c').Raw(new byte[300]).ToArray()).Problem);
        Assert.Contains("not valid UTF-8", Rejected(new PickleBuilder().Proto(3).Raw((byte)'X', 2, 0, 0, 0, 0xC3, 0x28, (byte)'.').ToArray()).Problem);
        Assert.Contains("larger than 64 bits", Rejected(new PickleBuilder().Proto().Raw(0x8A, 9).Raw(new byte[9]).Stop().ToArray()).Problem);
        Assert.Contains("negative length", Rejected(new PickleBuilder().Proto().Raw((byte)'T', 0xFF, 0xFF, 0xFF, 0xFF).Stop().ToArray()).Problem);
    }

    [Fact]
    public void MetaFilesMustHoldTheRightNumberOfNames()
    {
        Write("test_batch", CifarSampleFiles.Cifar10Batch([1], [1]));
        string meta = Write("batches.meta", CifarSampleFiles.Cifar10Meta(["a", "b"]));
        var ex = Assert.Throws<DataFormatException>(() => CifarReader.ReadCifar10<float>(_dir.Path, train: false));
        Assert.Equal(meta, ex.FilePath);
        Assert.Contains("expected 10 class names in 'label_names', found 2", ex.Problem);
    }

    [Fact]
    public void NumpyArraysOfIntegersAreReadAsLabels()
    {
        // A re-saved file may hold its labels as a numpy int64 array: dtype '<i8', little-endian.
        var labels = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(labels, 3);
        BinaryPrimitives.WriteInt64LittleEndian(labels.AsSpan(8), 9);
        var pickle = Batch(labels: p =>
        {
            p.Global("numpy.core.multiarray", "_reconstruct").Global("numpy", "ndarray").Int(0).Raw(0x85).Str("b").Raw(0x87, (byte)'R');
            p.Mark().Int(1).Int(2).Raw(0x85);
            p.Global("numpy", "dtype").Str("i8").Int(0).Int(1).Raw(0x87, (byte)'R');
            p.Mark().Int(3).Str("<").Raw((byte)'N', (byte)'N', (byte)'N').Int(-1).Int(-1).Int(0).Raw((byte)'t', (byte)'b');
            p.Raw(0x89).Str(labels).Raw((byte)'t', (byte)'b');
        });
        Assert.Equal([3, 9], CifarReader.ReadCifar10PythonBatch<float>(Write("batch", pickle.Stop().ToArray())).Labels);
    }
}
