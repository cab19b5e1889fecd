using NativeNet.Data;
using NativeNet.Kernels;
using NativeNet.Tensors;
using NativeNet.Tests.Kernels;

namespace NativeNet.Tests.Data;

[Collection(nameof(KernelSettingsCollection))]
public sealed class ParallelGatherTests : IDisposable
{
    private readonly int _threads = Parallelism.ThreadCount;

    public void Dispose() => Parallelism.ThreadCount = _threads;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LargeBatchesAreCopiedRowByRowWhateverTheThreadCount(int threads)
    {
        // 150 rows of 300 floats: large enough for the copy to be shared among threads, with a partial last chunk.
        Parallelism.ThreadCount = threads;
        var features = NdArray<float>.RandomNormal(new Rng(5), 0f, 1f, 1000, 300);
        var labels = Enumerable.Range(0, 1000).Select(i => i % 7).ToArray();
        var data = new Dataset<float>(features, labels);
        var order = new EpochShuffler(1000, 3).PermutationFor(0).ToArray();
        var gatherer = new MinibatchGatherer<float>(data, 150);
        gatherer.GatherBatch(order, 2);
        for (int i = 0; i < 150; i++)
        {
            int source = order[300 + i];
            Assert.True(features.Row(source).Span.SequenceEqual(gatherer.Features.Row(i).Span), $"row {i} is not sample {source}");
            Assert.Equal(labels[source], gatherer.Labels[i]);
        }
    }
}
