using NativeNet.Data;
using NativeNet.Tensors;

namespace NativeNet.Tests.Data;

public class BatchingTests
{
    private static Dataset<float> Numbered(int count, int width = 3)
    {
        var features = NdArray<float>.Zeros(count, width);
        for (int i = 0; i < features.Length; i++) features[i] = i / width * 100 + i % width;
        var labels = Enumerable.Range(0, count).Select(i => i % 4).ToArray();
        return new Dataset<float>(features, labels);
    }

    [Fact]
    public void EpochPermutationDependsOnlyOnSeedAndEpoch()
    {
        var a = new EpochShuffler(1000, 42);
        int[] epoch3 = a.PermutationFor(3).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), epoch3.Order());
        var b = new EpochShuffler(1000, 42);
        for (int e = 0; e < 3; e++) b.PermutationFor(e);
        Assert.Equal(epoch3, b.PermutationFor(3).ToArray());
        Assert.NotEqual(epoch3, a.PermutationFor(4).ToArray());
        Assert.NotEqual(epoch3, new EpochShuffler(1000, 43).PermutationFor(3).ToArray());
        var expected = Enumerable.Range(0, 1000).ToArray();
        Rng.ForStream(42, 3).Shuffle(expected.AsSpan());
        Assert.Equal(expected, epoch3);
    }

    [Fact]
    public void GathererCopiesSelectedRowsAndLabels()
    {
        var data = Numbered(10);
        var gatherer = new MinibatchGatherer<float>(data, 4);
        gatherer.Gather([7, 2, 9]);
        Assert.Equal(3, gatherer.Count);
        Assert.True(gatherer.Features.HasShape(3, 3));
        Assert.Equal([700f, 701f, 702f, 200f, 201f, 202f, 900f, 901f, 902f], gatherer.Features.ToArray());
        Assert.Equal([3, 2, 1], gatherer.Labels.ToArray());
        Assert.False(gatherer.Features.SharesStorageWith(data.Features));
        Assert.Throws<ArgumentOutOfRangeException>(() => gatherer.Gather([10]));
        Assert.Throws<ArgumentException>(() => gatherer.Gather([1, 2, 3, 4, 5]));
    }

    [Fact]
    public void EpochOfBatchesCoversEverySampleOnce()
    {
        var data = Numbered(10);
        var gatherer = new MinibatchGatherer<float>(data, 4);
        var order = new EpochShuffler(10, 7).PermutationFor(0);
        Assert.Equal(3, gatherer.BatchesPerEpoch);
        var seen = new List<float>();
        int[] sizes = new int[3];
        for (int b = 0; b < 3; b++)
        {
            sizes[b] = gatherer.GatherBatch(order, b);
            for (int r = 0; r < gatherer.Count; r++) seen.Add(gatherer.Features[r, 0] / 100);
        }
        Assert.Equal([4, 4, 2], sizes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), seen.Order());
    }

    [Fact]
    public void SteadyStateGatheringAllocatesNothing()
    {
        var data = Numbered(103, 50);
        var gatherer = new MinibatchGatherer<float>(data, 16);
        var shuffler = new EpochShuffler(103, 1);
        var order = new int[103];
        shuffler.FillPermutation(0, order);
        for (int b = 0; b < gatherer.BatchesPerEpoch; b++) gatherer.GatherBatch(order, b);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int epoch = 0; epoch < 3; epoch++)
            for (int b = 0; b < gatherer.BatchesPerEpoch; b++) gatherer.GatherBatch(order, b);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void SplitsArePartitionsAndDeterministic()
    {
        var data = Numbered(50);
        var (first, last) = data.SplitFirstLast(49);
        Assert.Equal(49, first.Count);
        Assert.Equal(1, last.Count);
        Assert.Equal(4900f, last.Features[0, 0]);
        Assert.True(first.Features.SharesStorageWith(data.Features));

        var (train, val) = data.SplitRandom(40, seed: 3);
        var (train2, val2) = data.SplitRandom(40, seed: 3);
        Assert.Equal(train.Features.ToArray(), train2.Features.ToArray());
        Assert.Equal(val.Labels, val2.Labels);
        var ids = train.Features.ToArray().Where((_, i) => i % 3 == 0).Concat(val.Features.ToArray().Where((_, i) => i % 3 == 0)).Select(v => (int)v / 100);
        Assert.Equal(Enumerable.Range(0, 50), ids.Order());
        Assert.Equal(10, val.Count);
        Assert.NotEqual(Enumerable.Range(40, 10), val.Features.ToArray().Where((_, i) => i % 3 == 0).Select(v => (int)v / 100));
        Assert.All(Enumerable.Range(0, val.Count), i => Assert.Equal((int)val.Features[i, 0] / 100 % 4, val.Labels[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.SplitFirstLast(51));
    }

    [Fact]
    public void DatasetValidatesLabelsAndCounts()
    {
        Assert.Throws<ArgumentException>(() => new Dataset<float>(NdArray<float>.Zeros(3, 2), [0, 1]));
        Assert.Throws<ArgumentException>(() => new Dataset<float>(NdArray<float>.Zeros(2, 2), [0, -1]));
        Assert.Throws<ArgumentException>(() => new Dataset<float>(NdArray<float>.Zeros(2, 2), [0, 2], ["a", "b"]));
        var data = new Dataset<float>(NdArray<float>.Zeros(2, 2), [0, 3]);
        Assert.Equal(4, data.ClassCount);
        Assert.Equal([3], data.BatchLabels(1, 1).ToArray());
        Assert.True(data.BatchFeatures(1, 1).HasShape(1, 2));
        Assert.Equal(2, data.Cast<double>().Count);
    }
}
