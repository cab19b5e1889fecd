namespace NativeNet.Data;

/// <summary>
/// One version of CIFAR-10 or CIFAR-100 as https://www.cs.toronto.edu/~kriz/cifar.html distributes it: the folder
/// its archive unpacks to and the files in it. <see cref="Cifar10Versions"/> and <see cref="Cifar100Versions"/> are
/// the registry that <see cref="CifarReader"/> detects a directory's version from, and that help texts and error
/// messages list.
/// </summary>
public sealed class CifarVersion
{
    private CifarVersion(string dataset, CifarFormat format, string archiveFolder, IReadOnlyList<string> trainFiles, string testFile,
        IReadOnlyList<string> metaFiles, string summary)
    {
        Dataset = dataset;
        Format = format;
        ArchiveFolder = archiveFolder;
        TrainFiles = trainFiles;
        TestFile = testFile;
        MetaFiles = metaFiles;
        FileSummary = summary;
    }

    /// <summary>The versions of CIFAR-10, in the order a directory is searched for them.</summary>
    public static IReadOnlyList<CifarVersion> Cifar10Versions { get; } =
    [
        new("CIFAR-10", CifarFormat.Binary, "cifar-10-batches-bin", [.. BatchNames(".bin")], "test_batch.bin", ["batches.meta.txt"],
            "data_batch_1..5.bin, test_batch.bin"),
        new("CIFAR-10", CifarFormat.Python, "cifar-10-batches-py", [.. BatchNames("")], "test_batch", ["batches.meta"],
            "data_batch_1..5, test_batch, batches.meta"),
    ];

    /// <summary>The versions of CIFAR-100, in the order a directory is searched for them.</summary>
    public static IReadOnlyList<CifarVersion> Cifar100Versions { get; } =
    [
        new("CIFAR-100", CifarFormat.Binary, "cifar-100-binary", ["train.bin"], "test.bin", ["fine_label_names.txt", "coarse_label_names.txt"],
            "train.bin, test.bin"),
        new("CIFAR-100", CifarFormat.Python, "cifar-100-python", ["train"], "test", ["meta"], "train, test, meta"),
        new("CIFAR-100", CifarFormat.Matlab, "cifar-100-matlab", ["train.mat"], "test.mat", ["meta.mat"], "train.mat, test.mat, meta.mat"),
    ];

    /// <summary>"CIFAR-10" or "CIFAR-100".</summary>
    public string Dataset { get; }

    /// <summary>How the files store images and labels.</summary>
    public CifarFormat Format { get; }

    /// <summary>The version's name as the CIFAR page gives it: binary, python or matlab.</summary>
    public string Name => Format.ToString().ToLowerInvariant();

    /// <summary>The folder the distributed archive unpacks to, e.g. cifar-10-batches-py.</summary>
    public string ArchiveFolder { get; }

    /// <summary>The files of the training set, in order.</summary>
    public IReadOnlyList<string> TrainFiles { get; }

    /// <summary>The file of the test set.</summary>
    public string TestFile { get; }

    /// <summary>The files holding class names, read when present.</summary>
    public IReadOnlyList<string> MetaFiles { get; }

    /// <summary>A short list of the files, e.g. "train.mat, test.mat, meta.mat".</summary>
    public string FileSummary { get; }

    /// <summary>
    /// The first of <paramref name="versions"/> with a training or test file in <paramref name="directory"/> or in its
    /// <see cref="ArchiveFolder"/>, and the folder that holds the files.
    /// </summary>
    /// <param name="versions"><see cref="Cifar10Versions"/> or <see cref="Cifar100Versions"/>.</param>
    /// <param name="directory">The directory the user named.</param>
    /// <param name="folder">The folder holding the version's files: <paramref name="directory"/> or its archive folder.</param>
    /// <exception cref="FileNotFoundException">No version's files are there; the message lists what each version needs.</exception>
    public static CifarVersion Detect(IReadOnlyList<CifarVersion> versions, string directory, out string folder)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        foreach (var version in versions)
        {
            foreach (string candidate in new[] { directory, Path.Combine(directory, version.ArchiveFolder) })
            {
                if (version.TrainFiles.Append(version.TestFile).Any(file => File.Exists(Path.Combine(candidate, file))))
                {
                    folder = candidate;
                    return version;
                }
            }
        }
        string dataset = versions.Count > 0 ? versions[0].Dataset : "CIFAR";
        throw new FileNotFoundException(
            $"No {dataset} data in {directory}: expected {string.Join(", or ", versions.Select(v => v.Describe()))}.", directory);
    }

    /// <summary>The version and its files, e.g. "the python version (data_batch_1..5, test_batch, batches.meta) in DIR or DIR/cifar-10-batches-py".</summary>
    public string Describe() => $"the {Name} version ({FileSummary}) in DIR or DIR/{ArchiveFolder}";

    /// <summary>The dataset and version, e.g. "CIFAR-10 python".</summary>
    public override string ToString() => $"{Dataset} {Name}";

    private static IEnumerable<string> BatchNames(string extension) => Enumerable.Range(1, 5).Select(i => $"data_batch_{i}{extension}");
}
