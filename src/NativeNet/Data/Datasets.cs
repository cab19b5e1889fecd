using System.Numerics;
using NativeNet.IO;

namespace NativeNet.Data;

/// <summary>Ready-made datasets: the embedded digits, and Fashion-MNIST from Debian's package.</summary>
public static class Datasets
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the IDX files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    private const string DigitsResource = "NativeNet.Data.Resources.digits.csv.gz";

    /// <summary>The Fashion-MNIST class names, indexed by label.</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The embedded digits dataset as float; see <see cref="Digits{T}"/>.</summary>
    public static Dataset<float> Digits() => Digits<float>();

    /// <summary>
    /// The default dataset, embedded in the library so it needs no download: 1,797 handwritten digits as 8×8 images,
    /// features of shape (1797, 64) with raw values 0..16 (scale with <c>new UnitRangeScaler&lt;T&gt;(0, 16)</c>),
    /// labels 0..9.
    /// </summary>
    /// <remarks>
    /// Source: the Optical Recognition of Handwritten Digits dataset, UCI Machine Learning Repository, E. Alpaydin and
    /// C. Kaynak (1998), https://doi.org/10.24432/C50P49 — the test split as redistributed by scikit-learn. Licensed
    /// under CC BY 4.0; this attribution must accompany redistributions.
    /// </remarks>
    public static Dataset<T> Digits<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = typeof(Datasets).Assembly.GetManifestResourceStream(DigitsResource)
            ?? throw new InvalidOperationException($"The embedded resource {DigitsResource} is missing from {typeof(Datasets).Assembly.GetName().Name}.");
        return CsvDatasetReader.Read<T>(stream, "embedded digits.csv.gz", labelColumn: -1, hasHeader: false,
            classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    }

    /// <summary>Fashion-MNIST as float; see <see cref="FashionMnist{T}"/>.</summary>
    public static Dataset<float> FashionMnist(bool train, string? directory = null) => FashionMnist<float>(train, directory);

    /// <summary>
    /// Fashion-MNIST (Zalando, MIT license): 60,000 training or 10,000 test images of shape (N, 28, 28), raw values
    /// 0..255, labels 0..9 named by <see cref="FashionMnistClassNames"/>.
    /// </summary>
    /// <param name="train">The training split (train-*) or the test split (t10k-*).</param>
    /// <param name="directory">The folder of the IDX files (raw or .gz); null searches <see cref="DebianFashionMnistDirectory"/>.</param>
    /// <exception cref="FileNotFoundException">The files are absent; the message says how to install them.</exception>
    /// <exception cref="DataFormatException">A file is malformed.</exception>
    public static Dataset<T> FashionMnist<T>(bool train, string? directory = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string folder = directory ?? DebianFashionMnistDirectory;
        string prefix = train ? "train" : "t10k";
        string images = FindIdx(folder, $"{prefix}-images-idx3-ubyte");
        string labels = FindIdx(folder, $"{prefix}-labels-idx1-ubyte");
        return IdxReader.ReadDataset<T>(images, labels, FashionMnistClassNames);
    }

    private static string FindIdx(string folder, string name)
    {
        foreach (string candidate in new[] { name + ".gz", name, name.Replace("-idx", ".idx", StringComparison.Ordinal) })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"Fashion-MNIST file {name}[.gz] not found in {folder}. On Debian/Ubuntu install it with " +
            "`sudo apt-get install dataset-fashion-mnist` (files land in /usr/share/datasets/fashion-mnist), " +
            "or pass the directory holding the four IDX files.", Path.Combine(folder, name + ".gz"));
    }
}
