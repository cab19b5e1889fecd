using NativeNet.Data;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void EmbeddedDigitsHave1797SamplesOf64FeaturesIn10Classes()
    {
        var digits = Datasets.Digits();
        Assert.Equal(1797, digits.Count);
        Assert.True(digits.Features.HasShape(1797, 64));
        Assert.Equal(10, digits.ClassCount);
        Assert.Equal(Enumerable.Range(0, 10), digits.Labels.Distinct().Order());
        Assert.Equal(0f, digits.Features.Min());
        Assert.Equal(16f, digits.Features.Max());
        // First sample of the UCI test split is a 0.
        Assert.Equal(0, digits.Labels[0]);
        Assert.Equal([0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f], digits.Features.Row(0).ToArray()[..8]);
        var asDouble = Datasets.Digits<double>();
        Assert.Equal(digits.Features.Sum(), (float)asDouble.Features.Sum());
    }

    [SkippableFact]
    public void FashionMnistFromDebianPackage()
    {
        OptionalDependency.RequireFashionMnist();
        var train = Datasets.FashionMnist(train: true);
        var test = Datasets.FashionMnist<double>(train: false);
        Assert.Equal(60_000, train.Count);
        Assert.True(train.Features.HasShape(60_000, 28, 28));
        Assert.Equal(10_000, test.Count);
        Assert.True(test.Features.HasShape(10_000, 28, 28));
        Assert.All(train.Labels, l => Assert.InRange(l, 0, 9));
        Assert.Equal(Enumerable.Range(0, 10), test.Labels.Distinct().Order());
        // Fashion-MNIST is balanced: 6,000 per class in train, 1,000 in test.
        Assert.All(train.Labels.GroupBy(l => l), g => Assert.Equal(6000, g.Count()));
        Assert.All(test.Labels.GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
        Assert.Equal(0f, train.Features.Min());
        Assert.Equal(255f, train.Features.Max());
        Assert.Equal("Ankle boot", train.ClassNames[9]);
    }

    [Fact]
    public void MissingFashionMnistDirectoryExplainsTheInstall()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Datasets.FashionMnist(train: false, directory: "/nonexistent/fmnist"));
        Assert.Contains("apt-get install dataset-fashion-mnist", ex.Message);
        Assert.Contains("t10k-images-idx3-ubyte", ex.Message);
    }
}
