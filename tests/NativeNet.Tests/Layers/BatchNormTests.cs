using NativeNet.Diagnostics;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Tensors;
using NativeNet.Tests.Kernels;

namespace NativeNet.Tests.Layers;

// In the kernel settings collection because some tests set Parallelism.ThreadCount.
[Collection(nameof(KernelSettingsCollection))]
public sealed class BatchNormTests : IDisposable
{
    private readonly int _threads = Parallelism.ThreadCount;

    public void Dispose() => Parallelism.ThreadCount = _threads;

    private static NdArray<double> Input(ulong seed, int n, int d, double offset = 3, double scale = 2)
    {
        var x = NdArray<double>.RandomNormal(new Rng(seed), 0.0, scale, n, d);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i, j] += offset * (j + 1);
        return x;
    }

    private static void RandomizeAffine(BatchNorm<double> layer, ulong seed)
    {
        var rng = new Rng(seed);
        rng.FillNormal(layer.Gamma.Value.Span, 1.0, 0.3);
        rng.FillNormal(layer.Beta.Value.Span, 0.0, 0.5);
    }

    [Fact]
    public void TrainingOutputHasBatchMeanBetaAndStdGamma()
    {
        var layer = new BatchNorm<double>(5, epsilon: 0);
        RandomizeAffine(layer, 1);
        var x = Input(2, 50, 5);
        var y = layer.Forward(x, true);
        for (int j = 0; j < 5; j++)
        {
            var column = Enumerable.Range(0, 50).Select(i => y[i, j]).ToArray();
            double mean = column.Average();
            double std = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(layer.Beta.Value[j], mean, 10);
            Assert.Equal(Math.Abs(layer.Gamma.Value[j]), std, 10);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientCheckTrainingAndEvaluation(bool training)
    {
        var layer = new BatchNorm<double>(5);
        RandomizeAffine(layer, 3);
        new Rng(4).FillNormal(layer.RunningMean.Span, 1.0, 1.0);
        new Rng(5).FillUniform(layer.RunningVariance.Span, 0.5, 2.0);
        var x = Input(6, 4, 5);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(7), training);
        Assert.True(result.Passes(1e-6), result.ToString());
        Assert.Equal(["input", "gamma", "beta"], result.Errors.Select(e => e.Name));
    }

    [Fact]
    public void GradientCheckHigherRankAndOddFeatureCount()
    {
        // 3·7 = 21 features: exercises the vector loop and its scalar tail.
        var layer = new BatchNorm<double>(21);
        RandomizeAffine(layer, 8);
        var x = Input(9, 6, 21).Reshape(6, 3, 7);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(10));
        Assert.True(result.Passes(1e-6), result.ToString());
    }

    [Fact]
    public void OnePartsSumsGiveTheForwardAndBackwardOfTheWholeBatchBitForBit()
    {
        var x = NdArray<double>.RandomNormal(new Rng(31), 5.0, 2.0, 40, 6);
        var dy = NdArray<double>.RandomNormal(new Rng(32), 0.0, 1.0, 40, 6);
        var whole = new BatchNorm<double>(6);
        var parts = new BatchNorm<double>(6);
        double[] y = whole.Forward(x, true).ToArray(), dx = whole.Backward(dy).ToArray();

        var shift = x.Span[..6].ToArray();
        var sums = new double[12];
        parts.ForwardPartialSums(x, shift, sums);
        Assert.Equal(y, parts.ForwardWithBatchSums(x, shift, sums, 40).ToArray());
        parts.BackwardPartialSums(dy, sums);
        Assert.Equal(dx, parts.BackwardWithBatchSums(sums, 40).ToArray());
        Assert.Equal(whole.Gamma.Grad.ToArray(), parts.Gamma.Grad.ToArray());
        Assert.Equal(whole.RunningVariance.ToArray(), parts.RunningVariance.ToArray());
    }

    [Fact]
    public void TwoReplicasWithAddedSumsNormalizeWithTheWholeBatchsStatistics()
    {
        var x = NdArray<double>.RandomNormal(new Rng(33), 5.0, 2.0, 40, 6);
        var dy = NdArray<double>.RandomNormal(new Rng(34), 0.0, 1.0, 40, 6);
        var whole = new BatchNorm<double>(6);
        double[] y = whole.Forward(x, true).ToArray(), dx = whole.Backward(dy).ToArray();

        BatchNorm<double>[] replicas = [new(6), new(6)];
        var rows = new[] { (Start: 0, Count: 15), (Start: 15, Count: 25) };
        var shift = x.Span[..6].ToArray();
        var total = new double[12];
        var part = new double[12];
        for (int r = 0; r < 2; r++)
        {
            replicas[r].ForwardPartialSums(x.Slice(rows[r].Start, rows[r].Count), shift, part);
            for (int j = 0; j < 12; j++) total[j] += part[j];
        }
        var outputs = new List<double>();
        for (int r = 0; r < 2; r++) outputs.AddRange(replicas[r].ForwardWithBatchSums(x.Slice(rows[r].Start, rows[r].Count), shift, total, 40).ToArray());
        AssertClose(y, outputs.ToArray());
        AssertClose(whole.RunningMean.ToArray(), replicas[1].RunningMean.ToArray());

        Array.Clear(total);
        for (int r = 0; r < 2; r++)
        {
            replicas[r].BackwardPartialSums(dy.Slice(rows[r].Start, rows[r].Count), part);
            for (int j = 0; j < 12; j++) total[j] += part[j];
        }
        var gradients = new List<double>();
        for (int r = 0; r < 2; r++) gradients.AddRange(replicas[r].BackwardWithBatchSums(total, 40).ToArray());
        AssertClose(dx, gradients.ToArray());
        AssertClose(whole.Gamma.Grad.ToArray(), replicas[0].Gamma.Grad.ToArray().Zip(replicas[1].Gamma.Grad.ToArray(), (a, b) => a + b).ToArray());

        static void AssertClose(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"[{i}]: {actual[i]:R} vs {expected[i]:R}");
        }
    }

    [Fact]
    public void PartialSumsOfTheWrongLengthNameTheLayer()
    {
        var layer = new BatchNorm<float>(3);
        var x = NdArray<float>.Full(1f, 4, 3);
        var error = Assert.Throws<ArgumentException>(() => layer.ForwardPartialSums(x, new float[3], new float[3]));
        Assert.Contains("3 sums for 3 features", error.Message);
    }

    [Fact]
    public void GradientCheckAcrossSeveralRowBlocks()
    {
        // 150 rows: statistics and gradient sums span ten 16-row accumulation blocks, the last one partial.
        var layer = new BatchNorm<double>(3);
        RandomizeAffine(layer, 30);
        var x = Input(31, 150, 3);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(32));
        Assert.True(result.Passes(1e-6), result.ToString());
    }

    [Fact]
    public void FloatLargeBatchStatisticsMatchDouble()
    {
        int n = 5000, d = 9;
        var xf = (NdArray<double>.RandomNormal(new Rng(33), 0.0, 0.5, n, d) + 300.0).Cast<float>();
        var layerF = new BatchNorm<float>(d, momentum: 1.0);
        var layerD = new BatchNorm<double>(d, momentum: 1.0);
        layerF.Forward(xf, true);
        layerD.Forward(xf.Cast<double>(), true);
        for (int j = 0; j < d; j++)
        {
            Assert.Equal(layerD.RunningMean[j], layerF.RunningMean[j], 1e-4);
            Assert.Equal(1.0, layerF.RunningVariance[j] / layerD.RunningVariance[j], 1e-5);
        }
    }

    [Fact]
    public void RunningStatisticsPyTorchConvention()
    {
        var layer = new BatchNorm<double>(3); // momentum 0.1 takes new, unbiased
        var x = Input(11, 8, 3);
        layer.Forward(x, true);
        for (int j = 0; j < 3; j++)
        {
            var c = Enumerable.Range(0, 8).Select(i => x[i, j]).ToArray();
            double mean = c.Average(), unbiased = c.Select(v => (v - mean) * (v - mean)).Sum() / 7;
            Assert.Equal(0.9 * 0 + 0.1 * mean, layer.RunningMean[j], 12);
            Assert.Equal(0.9 * 1 + 0.1 * unbiased, layer.RunningVariance[j], 12);
        }
    }

    [Fact]
    public void RunningStatisticsCs231nConvention()
    {
        var layer = BatchNorm<double>.Cs231n(3); // running = 0.9·running + 0.1·batch, biased
        Assert.Equal(RunningAverageConvention.MomentumKeepsOld, layer.MomentumConvention);
        var x1 = Input(12, 8, 3);
        var x2 = Input(13, 8, 3);
        layer.Forward(x1, true);
        layer.Forward(x2, true);
        for (int j = 0; j < 3; j++)
        {
            double rm = 0, rv = 1;
            foreach (var x in new[] { x1, x2 })
            {
                var c = Enumerable.Range(0, 8).Select(i => x[i, j]).ToArray();
                double mean = c.Average(), biased = c.Select(v => (v - mean) * (v - mean)).Average();
                rm = 0.9 * rm + 0.1 * mean;
                rv = 0.9 * rv + 0.1 * biased;
            }
            Assert.Equal(rm, layer.RunningMean[j], 12);
            Assert.Equal(rv, layer.RunningVariance[j], 12);
        }
    }

    [Fact]
    public void EvaluationUsesRunningStatisticsAndLeavesThemAlone()
    {
        var layer = new BatchNorm<double>(2, epsilon: 1e-5);
        NdArray<double>.FromArray(new double[] { 1.0, -2.0 }).CopyTo(layer.RunningMean);
        NdArray<double>.FromArray(new double[] { 4.0, 0.25 }).CopyTo(layer.RunningVariance);
        NdArray<double>.FromArray(new double[] { 2.0, 3.0 }).CopyTo(layer.Gamma.Value);
        NdArray<double>.FromArray(new double[] { 0.5, -0.5 }).CopyTo(layer.Beta.Value);
        var y = layer.Forward(NdArray<double>.FromArray(new double[,] { { 3, -1 } }), false);
        Assert.Equal(2 * (3 - 1) / Math.Sqrt(4 + 1e-5) + 0.5, y[0, 0], 12);
        Assert.Equal(3 * (-1 + 2) / Math.Sqrt(0.25 + 1e-5) - 0.5, y[0, 1], 12);
        Assert.Equal([1.0, -2.0], layer.RunningMean.ToArray());
    }

    [Fact]
    public void FloatStaysAccurateWithALargeMean()
    {
        // Inputs 1e4 ± 1: E[x²] − E[x]² in float would lose every digit; shifted sums must not.
        int n = 100, d = 37;
        var xd = NdArray<double>.RandomNormal(new Rng(14), 0.0, 1.0, n, d) + 1e4;
        var xf = xd.Cast<float>();
        var reference = new BatchNorm<double>(d).Forward(xf.Cast<double>(), true);
        var actual = new BatchNorm<float>(d).Forward(xf, true).Cast<double>();
        double worst = 0;
        for (int i = 0; i < reference.Length; i++) worst = Math.Max(worst, Math.Abs(reference[i] - actual[i]));
        Assert.True(worst < 1e-4, $"max |float − double| = {worst}");
    }

    [Fact]
    public void UnbiasedTrainingNeedsTwoSamples()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BatchNorm<float>(3) { Name = "bn1" }.Forward(NdArray<float>.Zeros(1, 3), true));
        Assert.Contains("bn1", ex.Message);
        Assert.True(BatchNorm<float>.Cs231n(3).Forward(NdArray<float>.Zeros(1, 3), true).IsAllFinite());
    }

    [Fact]
    public void WrongFeatureCountNamesLayerAndShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BatchNorm<float>(4) { Name = "bn2" }.Forward(NdArray<float>.Zeros(8, 5), true));
        Assert.Contains("bn2", ex.Message);
        Assert.Contains("(N, 4)", ex.Message);
        Assert.Contains("(8, 5)", ex.Message);
    }

    [Theory]
    [InlineData(16, 50, 1)]
    [InlineData(100, 500, 2)]
    public void SteadyStateAllocatesNothing(int n, int d, int threads)
    {
        // 100×500 is above the size at which the passes run on the worker pool.
        Parallelism.ThreadCount = threads;
        var layer = new BatchNorm<float>(d, activation: new Relu<float>());
        var x = NdArray<float>.RandomNormal(new Rng(15), 0f, 1f, n, d);
        var dy = NdArray<float>.RandomNormal(new Rng(16), 0f, 1f, n, d);
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { layer.Forward(x, true); layer.Backward(dy); }));
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("gelu")]
    public void GradientCheckWithFusedActivation(string activation)
    {
        var layer = new BatchNorm<double>(7, activation: (ElementwiseLayer<double>)LayerRegistry.Create<double>(activation));
        RandomizeAffine(layer, 40);
        var x = Input(41, 9, 7);
        foreach (bool training in new[] { true, false })
        {
            var result = GradientCheck.CheckLayer(layer, x, new Rng(42), training);
            Assert.True(result.Passes(1e-6), $"training {training}: {result}");
        }
    }

    [Theory]
    [InlineData("relu", 12, 9)]
    [InlineData("relu", 100, 300)]
    [InlineData("sigmoid", 12, 9)]
    [InlineData("sigmoid", 100, 300)]
    [InlineData("gelu", 100, 300)]
    [InlineData("tanh", 12, 9)]
    public void FusedActivationMatchesTheSeparateLayerBitForBit(string activation, int n, int d)
    {
        var fused = new BatchNorm<float>(d, activation: (ElementwiseLayer<float>)LayerRegistry.Create<float>(activation));
        var plain = new BatchNorm<float>(d);
        var separate = LayerRegistry.Create<float>(activation);
        var x = NdArray<float>.RandomNormal(new Rng(43), 1f, 2f, n, d);
        var dy = NdArray<float>.RandomNormal(new Rng(44), 0f, 1f, n, d);
        foreach (bool training in new[] { true, false })
        {
            var y = fused.Forward(x, training).Span.ToArray();
            var dx = fused.Backward(dy).Span.ToArray();
            var yRef = separate.Forward(plain.Forward(x, training), training).Span.ToArray();
            var dxRef = plain.Backward(separate.Backward(dy)).Span.ToArray();
            AssertClose(yRef, y, 0, $"output (training {training})");
            AssertClose(dxRef, dx, 0, $"input gradient (training {training})");
            AssertClose(plain.Gamma.Grad.Span.ToArray(), fused.Gamma.Grad.Span.ToArray(), 0, $"dγ (training {training})");
            AssertClose(plain.Beta.Grad.Span.ToArray(), fused.Beta.Grad.Span.ToArray(), 0, $"dβ (training {training})");
        }
        Assert.Equal(plain.RunningVariance.Span.ToArray(), fused.RunningVariance.Span.ToArray());
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        // 300×100 runs every pass on the worker pool: the block sums must add up in the same order whoever computes them.
        var x = NdArray<float>.RandomNormal(new Rng(45), 0.5f, 1.5f, 300, 100);
        var dy = NdArray<float>.RandomNormal(new Rng(46), 0f, 1f, 300, 100);
        float[][] Run(int threads)
        {
            Parallelism.ThreadCount = threads;
            var layer = new BatchNorm<float>(100, activation: new Relu<float>());
            var y = layer.Forward(x, true).Span.ToArray();
            var dx = layer.Backward(dy).Span.ToArray();
            return [y, dx, layer.Gamma.Grad.Span.ToArray(), layer.Beta.Grad.Span.ToArray(), layer.RunningMean.Span.ToArray(), layer.RunningVariance.Span.ToArray()];
        }
        var one = Run(1);
        foreach (int threads in new[] { 2, 3 })
        {
            var other = Run(threads);
            for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], other[i]);
        }
    }
}
