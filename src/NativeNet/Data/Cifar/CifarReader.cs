using System.Numerics;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Reads CIFAR-10 and CIFAR-100 (https://www.cs.toronto.edu/~kriz/cifar.html) in each version the page distributes:
/// binary, python (pickles) and, for CIFAR-100, MATLAB.
/// </summary>
/// <remarks>
/// <para>
/// A binary CIFAR-10 record is one label byte (0..9) then 3,072 pixel bytes: the 1,024 red values of the 32×32 image
/// in row order, then green, then blue. A CIFAR-100 record has two label bytes, coarse (0..19) then fine (0..99), then
/// the same pixels. The python and MATLAB versions hold the same pixel rows in an N × 3,072 uint8 array and the labels
/// beside it. Images are returned as (N, 3, 32, 32) with raw values 0..255; scale them with
/// <see cref="UnitRangeScaler{T}"/> or standardize them with <see cref="Standardizer{T}"/>.
/// </para>
/// <para>
/// The directory readers detect the version from the files present (see <see cref="CifarVersion"/>). Pickles are read
/// without executing anything: only numpy's array and dtype reconstructors are recognised, by name. A malformed file
/// — truncated, a length or shape it does not back, a pickle naming any other global, a label out of range — raises a
/// <see cref="DataFormatException"/> naming the file and byte offset; the images are sized by what the files hold,
/// never by a claim.
/// </para>
/// </remarks>
public static class CifarReader
{
    private const int RecordsPerRead = 256;

    /// <summary>Bytes of pixel data per image (3 × 32 × 32).</summary>
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>The CIFAR-10 class names, as in batches.meta.txt.</summary>
    public static IReadOnlyList<string> Cifar10ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Reads one CIFAR-10 batch file (e.g. data_batch_1.bin, test_batch.bin).</summary>
    /// <param name="path">The batch file.</param>
    /// <param name="classNames">Names of the 10 classes; null uses <see cref="Cifar10ClassNames"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed, empty or not a regular file, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar10Batch<T>(string path, IReadOnlyList<string>? classNames = null) where T : unmanaged, IFloatingPointIeee754<T>
        => ReadRecords<T>([path], labelBytes: 1, labelIndex: 0, classCount: 10, classNames ?? Cifar10ClassNames);

    /// <summary>Reads one batch of the python version of CIFAR-10 (e.g. data_batch_1, test_batch).</summary>
    /// <param name="path">The pickled batch.</param>
    /// <param name="classNames">Names of the 10 classes; null uses <see cref="Cifar10ClassNames"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed or not such a pickle, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar10PythonBatch<T>(string path, IReadOnlyList<string>? classNames = null) where T : unmanaged, IFloatingPointIeee754<T>
        => CifarPythonFiles.ReadDataset<T>([path], "labels", 10, CheckedNames(classNames ?? Cifar10ClassNames, 10));

    /// <summary>
    /// Reads the CIFAR-10 training set (50,000 images in five batches) or test set (10,000 images) from
    /// <paramref name="directory"/> or its archive folder, in whichever of <see cref="CifarVersion.Cifar10Versions"/>
    /// it holds (binary: data_batch_1..5.bin, test_batch.bin; python: data_batch_1..5, test_batch), with class names
    /// from batches.meta.txt or batches.meta when present.
    /// </summary>
    /// <exception cref="FileNotFoundException">The directory holds no version, or a batch file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed, empty or not a regular file, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar10<T>(string directory, bool train) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var version = CifarVersion.Detect(CifarVersion.Cifar10Versions, directory, out string root);
        string[] files = [.. (train ? version.TrainFiles : [version.TestFile]).Select(f => Path.Combine(root, f))];
        string meta = Path.Combine(root, version.MetaFiles[0]);
        bool hasMeta = File.Exists(meta);
        return version.Format switch
        {
            CifarFormat.Python => CifarPythonFiles.ReadDataset<T>(files, "labels", 10,
                hasMeta ? CifarPythonFiles.ReadNames(meta, "label_names", 10) : Cifar10ClassNames),
            _ => ReadRecords<T>(files, labelBytes: 1, labelIndex: 0, classCount: 10, hasMeta ? ReadNames(meta, 10) : Cifar10ClassNames),
        };
    }

    /// <summary>Reads one CIFAR-100 file (train.bin or test.bin) with the chosen label.</summary>
    /// <param name="path">The file.</param>
    /// <param name="labelKind">Whether labels are the fine (100) or coarse (20) classes.</param>
    /// <param name="classNames">Class names; null names them by number.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed, empty or not a regular file, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar100File<T>(string path, Cifar100LabelKind labelKind = Cifar100LabelKind.Fine, IReadOnlyList<string>? classNames = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classCount = labelKind == Cifar100LabelKind.Fine ? 100 : 20;
        return ReadRecords<T>([path], labelBytes: 2, labelIndex: labelKind == Cifar100LabelKind.Fine ? 1 : 0, classCount, classNames ?? NumberNames(classCount));
    }

    /// <summary>Reads one file of the python version of CIFAR-100 (train or test) with the chosen label.</summary>
    /// <param name="path">The pickled file.</param>
    /// <param name="labelKind">Whether labels are the fine (100) or coarse (20) classes.</param>
    /// <param name="classNames">Class names; null names them by number.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed or not such a pickle, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar100PythonFile<T>(string path, Cifar100LabelKind labelKind = Cifar100LabelKind.Fine, IReadOnlyList<string>? classNames = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classCount = ClassCount(labelKind);
        return CifarPythonFiles.ReadDataset<T>([path], LabelName(labelKind), classCount, CheckedNames(classNames ?? NumberNames(classCount), classCount));
    }

    /// <summary>Reads one file of the MATLAB version of CIFAR-100 (train.mat or test.mat) with the chosen label.</summary>
    /// <param name="path">The MAT-file.</param>
    /// <param name="labelKind">Whether labels are the fine (100) or coarse (20) classes.</param>
    /// <param name="classNames">Class names; null names them by number.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed or not such a MAT-file, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar100MatlabFile<T>(string path, Cifar100LabelKind labelKind = Cifar100LabelKind.Fine, IReadOnlyList<string>? classNames = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classCount = ClassCount(labelKind);
        return CifarMatlabFiles.ReadDataset<T>(path, LabelName(labelKind), classCount, CheckedNames(classNames ?? NumberNames(classCount), classCount));
    }

    /// <summary>
    /// Reads the CIFAR-100 training set (50,000 images) or test set (10,000 images) from <paramref name="directory"/>
    /// or its archive folder, in whichever of <see cref="CifarVersion.Cifar100Versions"/> it holds (binary: train.bin,
    /// test.bin; python: train, test; matlab: train.mat, test.mat), with class names from fine_label_names.txt or
    /// coarse_label_names.txt, meta, or meta.mat when present.
    /// </summary>
    /// <exception cref="FileNotFoundException">The directory holds no version, or the file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed, empty or not a regular file, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar100<T>(string directory, bool train, Cifar100LabelKind labelKind = Cifar100LabelKind.Fine)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var version = CifarVersion.Detect(CifarVersion.Cifar100Versions, directory, out string root);
        string file = Path.Combine(root, train ? version.TrainFiles[0] : version.TestFile);
        int classCount = ClassCount(labelKind);
        string namesKey = labelKind == Cifar100LabelKind.Fine ? "fine_label_names" : "coarse_label_names";
        // The binary version has a names file per label kind; the others one meta file holding both lists.
        string meta = Path.Combine(root, version.MetaFiles[version.Format == CifarFormat.Binary && labelKind == Cifar100LabelKind.Coarse ? 1 : 0]);
        bool hasMeta = File.Exists(meta);
        return version.Format switch
        {
            CifarFormat.Python => CifarPythonFiles.ReadDataset<T>([file], LabelName(labelKind), classCount,
                hasMeta ? CifarPythonFiles.ReadNames(meta, namesKey, classCount) : NumberNames(classCount)),
            CifarFormat.Matlab => CifarMatlabFiles.ReadDataset<T>(file, LabelName(labelKind), classCount,
                hasMeta ? CifarMatlabFiles.ReadNames(meta, namesKey, classCount) : NumberNames(classCount)),
            _ => ReadCifar100File<T>(file, labelKind, hasMeta ? ReadNames(meta, classCount) : NumberNames(classCount)),
        };
    }

    /// <summary>Both labels of every record of a CIFAR-100 file, without reading the pixels into an array.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed, empty or not a regular file, or a label is out of range.</exception>
    public static (int[] Coarse, int[] Fine) ReadCifar100Labels(string path)
    {
        const int recordBytes = 2 + ImageBytes;
        using var file = OpenRecords(path, recordBytes, out int count);
        var coarse = new int[count];
        var fine = new int[count];
        foreach (var (first, records) in ReadRecords(file, path, recordBytes, count))
        {
            for (int i = first, at = 0; at < records.Count; i++, at += recordBytes)
            {
                long offset = (long)i * recordBytes;
                coarse[i] = CheckLabel(records[at], 20, path, i, offset);
                fine[i] = CheckLabel(records[at + 1], 100, path, i, offset + 1);
            }
        }
        return (coarse, fine);
    }

    /// <summary>Reads a names file: one name a line, blank lines ignored; the count must match.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file holds a different number of names, or is empty or not a regular file.</exception>
    public static IReadOnlyList<string> ReadNames(string path, int expectedCount)
    {
        var lines = new List<string>();
        using (var reader = new StreamReader(BoundedInput.OpenFile(path, "Class names")))
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine()) lines.Add(line);
        var names = lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != expectedCount)
            throw new DataFormatException(path, 0, $"expected {expectedCount} class names, found {names.Length}");
        return names;
    }

    private static Dataset<T> ReadRecords<T>(string[] paths, int labelBytes, int labelIndex, int classCount, IReadOnlyList<string> classNames)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (classNames.Count != classCount)
            throw new ArgumentException($"Expected {classCount} class names, got {classNames.Count}.", nameof(classNames));
        int recordBytes = labelBytes + ImageBytes;
        // Open and measure every file first, so the (N, 3, 32, 32) array is sized by what is really on disk.
        var files = new List<FileStream>(paths.Length);
        try
        {
            long total = 0;
            var counts = new int[paths.Length];
            for (int f = 0; f < paths.Length; f++)
            {
                files.Add(OpenRecords(paths[f], recordBytes, out counts[f]));
                total += counts[f];
            }
            if (total * ImageBytes > Array.MaxLength)
                throw new DataFormatException(paths[^1], 0, $"{total:N0} images are more than one array can hold");
            var features = new NdArray<T>((int)total, 3, 32, 32);
            var labels = new int[total];
            Span<T> target = features.Span;
            int row = 0;
            for (int f = 0; f < paths.Length; f++)
            {
                foreach (var (first, records) in ReadRecords(files[f], paths[f], recordBytes, counts[f]))
                {
                    for (int i = first, at = 0; at < records.Count; i++, at += recordBytes, row++)
                    {
                        labels[row] = CheckLabel(records[at + labelIndex], classCount, paths[f], i, (long)i * recordBytes + labelIndex);
                        ByteWidening.Widen(records.AsSpan(at + labelBytes, ImageBytes), target.Slice(row * ImageBytes, ImageBytes));
                    }
                }
            }
            return new Dataset<T>(features, labels, classNames);
        }
        finally
        {
            foreach (var file in files) file.Dispose();
        }
    }

    private static FileStream OpenRecords(string path, int recordBytes, out int count)
    {
        var file = BoundedInput.OpenFile(path, "CIFAR");
        long length = file.Length;
        string? problem = length % recordBytes != 0
            ? $"truncated record: the file is {length:N0} bytes, not a whole number of {recordBytes:N0}-byte records"
            : length > Array.MaxLength ? $"the file is {length:N0} bytes, more than one array can hold" : null;
        if (problem is not null)
        {
            file.Dispose();
            throw new DataFormatException(path, length % recordBytes != 0 ? length - length % recordBytes : 0, problem);
        }
        count = (int)(length / recordBytes);
        return file;
    }

    // Whole records, a few hundred at a time, each piece with the index of its first record.
    private static IEnumerable<(int First, ArraySegment<byte> Records)> ReadRecords(FileStream file, string path, int recordBytes, int count)
    {
        int first = 0;
        foreach (var piece in BoundedInput.Payload(file, (long)count * recordBytes, lengthVerified: true, RecordsPerRead * recordBytes, path, 0, "CIFAR records"))
        {
            yield return (first, piece);
            first += piece.Count / recordBytes;
        }
    }

    private static int CheckLabel(byte label, int classCount, string path, int record, long offset)
    {
        if (label >= classCount)
            throw new DataFormatException(path, offset, $"label {label} of record {record} is out of range for {classCount} classes");
        return label;
    }

    private static int ClassCount(Cifar100LabelKind labelKind) => labelKind == Cifar100LabelKind.Fine ? 100 : 20;

    private static string LabelName(Cifar100LabelKind labelKind) => labelKind == Cifar100LabelKind.Fine ? "fine_labels" : "coarse_labels";

    private static IReadOnlyList<string> CheckedNames(IReadOnlyList<string> classNames, int classCount) =>
        classNames.Count == classCount
            ? classNames
            : throw new ArgumentException($"Expected {classCount} class names, got {classNames.Count}.", nameof(classNames));

    private static string[] NumberNames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
