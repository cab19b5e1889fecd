using System.Numerics;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Reads the binary versions of CIFAR-10 and CIFAR-100 (https://www.cs.toronto.edu/~kriz/cifar.html).
/// </summary>
/// <remarks>
/// <para>
/// A CIFAR-10 record is one label byte (0..9) then 3,072 pixel bytes: the 1,024 red values of the 32×32 image in row
/// order, then green, then blue. A CIFAR-100 record has two label bytes, coarse (0..19) then fine (0..99), then the
/// same pixels. Images are returned as (N, 3, 32, 32) with raw values 0..255; scale them with
/// <see cref="UnitRangeScaler{T}"/> or standardize them with <see cref="Standardizer{T}"/>.
/// </para>
/// <para>
/// An empty file, a file whose length is not a whole number of records, or a label out of range raises a
/// <see cref="DataFormatException"/>; the images are sized by the files' lengths, never by a claim.
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

    /// <summary>
    /// Reads the CIFAR-10 training set (data_batch_1.bin .. data_batch_5.bin, 50,000 images) or test set
    /// (test_batch.bin, 10,000 images) from <paramref name="directory"/> (or its cifar-10-batches-bin subfolder),
    /// with class names from batches.meta.txt when present.
    /// </summary>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed, empty or not a regular file, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar10<T>(string directory, bool train) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string root = ResolveDirectory(directory, "cifar-10-batches-bin", "test_batch.bin");
        string[] files = train
            ? [.. Enumerable.Range(1, 5).Select(i => Path.Combine(root, $"data_batch_{i}.bin"))]
            : [Path.Combine(root, "test_batch.bin")];
        string meta = Path.Combine(root, "batches.meta.txt");
        var names = File.Exists(meta) ? ReadNames(meta, 10) : Cifar10ClassNames;
        return ReadRecords<T>(files, labelBytes: 1, labelIndex: 0, classCount: 10, names);
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

    /// <summary>
    /// Reads the CIFAR-100 training set (train.bin, 50,000 images) or test set (test.bin, 10,000 images) from
    /// <paramref name="directory"/> (or its cifar-100-binary subfolder), with names from fine_label_names.txt or
    /// coarse_label_names.txt when present.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed, empty or not a regular file, or a label is out of range.</exception>
    public static Dataset<T> ReadCifar100<T>(string directory, bool train, Cifar100LabelKind labelKind = Cifar100LabelKind.Fine)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string root = ResolveDirectory(directory, "cifar-100-binary", "test.bin");
        int classCount = labelKind == Cifar100LabelKind.Fine ? 100 : 20;
        string meta = Path.Combine(root, labelKind == Cifar100LabelKind.Fine ? "fine_label_names.txt" : "coarse_label_names.txt");
        var names = File.Exists(meta) ? ReadNames(meta, classCount) : NumberNames(classCount);
        return ReadCifar100File<T>(Path.Combine(root, train ? "train.bin" : "test.bin"), labelKind, names);
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

    private static string ResolveDirectory(string directory, string subfolder, string probe)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string nested = Path.Combine(directory, subfolder);
        return !File.Exists(Path.Combine(directory, probe)) && File.Exists(Path.Combine(nested, probe)) ? nested : directory;
    }

    private static string[] NumberNames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
