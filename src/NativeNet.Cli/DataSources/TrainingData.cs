using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Data;

namespace NativeNet.Cli.DataSources;

/// <summary>
/// The training, validation and test splits of a <c>--data</c> spec, preprocessed, with features flattened to one row
/// per sample. Every split is a fixed function of the spec, so <c>eval</c> rebuilds exactly what <c>train</c> used.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>digits: the embedded 1,797 images, scaled from 0..16 to [0, 1], split at random with a fixed seed into
/// 1,497 training and 300 test samples; 200 of the training samples, drawn at random with another fixed seed,
/// validate.</item>
/// <item>fashion-mnist and mnist:DIR: scaled from 0..255 to [0, 1]; the official test set; the last 5,000 training
/// images validate (the last 10 % when the training file holds 10,000 or fewer). mnist:DIR has 10 classes unless told
/// otherwise; a label outside them, in the training or the test file, is an error naming the file and item.</item>
/// <item>cifar10:DIR, cifar100:DIR[:coarse]: any version the directory holds (binary, python or, for CIFAR-100,
/// MATLAB); scaled to [0, 1], then the mean training image (of the training split only) is subtracted; the last 1,000
/// of the 50,000 training images validate (the last 10 % of smaller files).</item>
/// <item>csv:FILE[:label-column]: one file of numeric rows, split at random with fixed seeds into 80 % for training
/// and validation and 20 % for test; 10 % of the former validate. Every feature is standardized with the mean and
/// standard deviation of the training split. The class count is the largest label + 1 unless told otherwise.</item>
/// </list>
/// A validation count (<c>--validation</c>) replaces each default; 0 trains on every training sample and leaves
/// <see cref="Validation"/> null.
/// </remarks>
internal sealed record TrainingData(Dataset<float> Train, Dataset<float>? Validation, Dataset<float> Test, DataSpec Spec, string Preprocessing)
{
    private const int DigitsTrainAndValidation = 1497;
    private const int DigitsValidation = 200;
    private const ulong DigitsTestSplitSeed = 0x6469_6769_7473; // "digits"
    private const ulong DigitsValidationSplitSeed = DigitsTestSplitSeed + 1;
    internal const ulong CsvTestSplitSeed = 0x6373_76; // "csv"
    internal const ulong CsvValidationSplitSeed = CsvTestSplitSeed + 1;

    /// <summary>The number of classes.</summary>
    public int Classes => Train.ClassCount;

    /// <summary>Loads and preprocesses the splits of <paramref name="spec"/>.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="validation">How many training samples validate: null for the dataset's default, 0 for none.</param>
    /// <param name="classes">
    /// The number of classes: null for the dataset's own (10 for mnist:DIR, as MNIST has; the largest label + 1 for
    /// csv:FILE). For mnist:DIR every training label, for csv:FILE every label, must be below it; the other datasets
    /// have a fixed count, which it must equal. Test labels must lie within the training set's classes.
    /// </param>
    public static TrainingData Load(DataSpec spec, int? validation = null, int? classes = null)
    {
        if (validation < 0) throw new UsageException($"--validation must be a non-negative integer (got {validation})");
        if (classes <= 0) throw new UsageException($"--classes must be a positive integer (got {classes})");
        int? fixedClasses = spec.Kind switch
        {
            "digits" or "fashion-mnist" or "cifar10" => 10,
            "cifar100" => spec.CoarseLabels ? 20 : 100,
            _ => null,
        };
        if (classes is not null && fixedClasses is not null && classes != fixedClasses)
            throw new UsageException($"--classes {classes} does not match the {fixedClasses} classes of {spec}");
        return spec.Kind switch
        {
            "digits" => Digits(spec, validation),
            "fashion-mnist" => Images(spec, Datasets.FashionMnist(train: true), Datasets.FashionMnist(train: false), meanImage: false, 5000, validation),
            "mnist" => Mnist(spec, validation, classes ?? 10),
            "cifar10" => Images(spec, CifarReader.ReadCifar10<float>(spec.Location!, train: true), CifarReader.ReadCifar10<float>(spec.Location!, train: false), meanImage: true, 1000, validation),
            "cifar100" => Images(spec,
                CifarReader.ReadCifar100<float>(spec.Location!, train: true, spec.CoarseLabels ? Cifar100LabelKind.Coarse : Cifar100LabelKind.Fine),
                CifarReader.ReadCifar100<float>(spec.Location!, train: false, spec.CoarseLabels ? Cifar100LabelKind.Coarse : Cifar100LabelKind.Fine),
                meanImage: true, 1000, validation),
            "csv" => Csv(spec, validation, classes),
            _ => throw new UsageException($"--data '{spec}' is not one of {DataSpec.HelpText}"),
        };
    }

    /// <summary>
    /// This data with only the first <paramref name="count"/> samples of the training split to train on (<c>train
    /// --train-subset</c>). The split and the preprocessing fitted on it stay those of the whole training split, so the
    /// validation and test sets, which <c>eval</c> rebuilds from the spec, do not depend on the subset.
    /// </summary>
    public TrainingData WithTrainSubset(int count) =>
        count <= Train.Count
            ? this with { Train = Train.Slice(0, count), Preprocessing = $"{Preprocessing}; the first {count} training samples train" }
            : throw new UsageException($"--train-subset {count} must be at most the {Train.Count} training samples of {Spec}");

    /// <summary>The number of validation samples (0 without a validation split).</summary>
    public int ValidationCount => Validation?.Count ?? 0;

    /// <summary>The spec, preprocessing, split sizes and class names as JSON, kept in checkpoints and model files as the <c>data</c> metadata.</summary>
    public string ToJson() => FieldsJson.Serialize(new Dictionary<string, object>
    {
        ["spec"] = Spec.ToString(),
        ["preprocessing"] = Preprocessing,
        ["train"] = Train.Count,
        ["validation"] = ValidationCount,
        ["test"] = Test.Count,
        ["classes"] = Classes,
        ["features"] = Train.SampleLength,
        ["class_names"] = Train.ClassNames.ToArray(),
    });

    private static TrainingData Digits(DataSpec spec, int? validationCount)
    {
        var all = Datasets.Digits().Apply(new UnitRangeScaler<float>(0f, 16f));
        var (trainValidation, test) = all.SplitRandom(DigitsTrainAndValidation, DigitsTestSplitSeed);
        int validation = CheckedValidation(spec, validationCount ?? DigitsValidation, trainValidation.Count);
        if (validation == 0)
            return new TrainingData(trainValidation, null, test, spec, $"scaled 0..16 to [0, 1]; fixed random split {trainValidation.Count}/0/{test.Count}");
        var (train, val) = trainValidation.SplitRandom(trainValidation.Count - validation, DigitsValidationSplitSeed);
        return new TrainingData(train, val, test, spec, $"scaled 0..16 to [0, 1]; fixed random split {train.Count}/{val.Count}/{test.Count}");
    }

    // Checked here rather than at parse time: the training-set size is known only once the data is read.
    private static int CheckedValidation(DataSpec spec, int validation, int trainingSamples) =>
        validation < trainingSamples
            ? validation
            : throw new UsageException($"--validation {validation} must be smaller than the {trainingSamples} training samples of {spec} (0 trains on all of them)");

    private static TrainingData Images(DataSpec spec, Dataset<float> trainAll, Dataset<float> test, bool meanImage, int defaultValidation, int? validationCount)
    {
        trainAll = Flatten(trainAll);
        test = Flatten(test);
        if (trainAll.SampleLength != test.SampleLength)
            throw new InvalidDataException($"{spec}: training images have {trainAll.SampleLength} values but test images have {test.SampleLength}");
        var scaler = new UnitRangeScaler<float>(0f, 255f);
        trainAll.Apply(scaler);
        test.Apply(scaler);
        if (trainAll.Count < 2) throw new InvalidDataException($"{spec}: the training set has only {trainAll.Count} samples");
        int validation = CheckedValidation(spec,
            validationCount ?? (trainAll.Count > 10 * defaultValidation ? defaultValidation : Math.Max(1, trainAll.Count / 10)), trainAll.Count);
        (Dataset<float> train, Dataset<float>? val) = validation == 0 ? (trainAll, null) : trainAll.SplitFirstLast(trainAll.Count - validation);
        string preprocessing = validation == 0
            ? "scaled 0..255 to [0, 1]; no validation split"
            : $"scaled 0..255 to [0, 1]; last {validation} training samples validate";
        if (meanImage)
        {
            // Fitted on the training split only; applied once to the whole training file (both splits are views of it).
            var mean = MeanImageSubtraction<float>.Fit(train.Features);
            trainAll.Apply(mean);
            test.Apply(mean);
            preprocessing += "; mean training image subtracted";
        }
        return new TrainingData(train, val, test, spec, preprocessing);
    }

    private static Dataset<float> Flatten(Dataset<float> data) =>
        data.Features.Rank == 2 ? data : new Dataset<float>(data.Features.Reshape(data.Count, data.SampleLength), data.Labels, data.ClassNames);

    // Rows of a CSV file are often grouped by class, so the splits are drawn at random (with fixed seeds, so that eval
    // rebuilds them); features of any scale are standardized with the training split's statistics.
    private static TrainingData Csv(DataSpec spec, int? validationCount, int? classes)
    {
        if (spec.TargetColumns is not null)
            throw new UsageException($"--data {spec}: a classifier reads one label column; several columns are the targets of --task regression");
        var all = CsvDatasetReader.Read<float>(spec.Location!, spec.LabelColumn ?? -1, classCount: classes);
        var (testCount, validation) = CsvSplit(spec, all.Count, validationCount);
        var (trainValidation, test) = all.SplitRandom(all.Count - testCount, CsvTestSplitSeed);
        (Dataset<float> train, Dataset<float>? val) = validation == 0
            ? (trainValidation, null)
            : trainValidation.SplitRandom(trainValidation.Count - validation, CsvValidationSplitSeed);
        var standardizer = Standardizer<float>.FitPerFeature(train.Features);
        train.Apply(standardizer);
        val?.Apply(standardizer);
        test.Apply(standardizer);
        return new TrainingData(train, val, test, spec,
            $"standardized per feature (training split statistics); fixed random split {train.Count}/{val?.Count ?? 0}/{test.Count}");
    }

    /// <summary>
    /// The test and validation counts of a CSV file of <paramref name="rows"/> rows: 20 % test, then 10 % of the rest
    /// validates unless <paramref name="validationCount"/> says otherwise. Shared by classification and regression.
    /// </summary>
    internal static (int Test, int Validation) CsvSplit(DataSpec spec, int rows, int? validationCount)
    {
        if (rows < 3) throw new InvalidDataException($"{spec}: {rows} rows are too few to split into training and test sets");
        int test = Math.Max(1, rows / 5);
        return (test, CheckedValidation(spec, validationCount ?? Math.Max(1, (rows - test) / 10), rows - test));
    }

    // The training labels must lie below the class count, the test labels within the training set's classes.
    private static TrainingData Mnist(DataSpec spec, int? validation, int classes)
    {
        string directory = spec.Location!;
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"--data mnist: directory {directory} does not exist");
        var train = IdxReader.ReadDataset<float>(FindIdx(directory, "train-images-idx3-ubyte"), FindIdx(directory, "train-labels-idx1-ubyte"), classCount: classes);
        var test = IdxReader.ReadDataset<float>(FindIdx(directory, "t10k-images-idx3-ubyte"), FindIdx(directory, "t10k-labels-idx1-ubyte"), train.ClassNames);
        return Images(spec, train, test, meanImage: false, 5000, validation);
    }

    // The standard names, raw or gzipped, also in the common "train-images.idx3-ubyte" spelling.
    private static string FindIdx(string directory, string name)
    {
        string dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        foreach (string candidate in new[] { name, name + ".gz", dotted, dotted + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"--data mnist: {name} (or {name}.gz) not found in {directory}", Path.Combine(directory, name));
    }
}
