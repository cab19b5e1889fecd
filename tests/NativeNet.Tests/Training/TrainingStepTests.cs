using NativeNet.Cli.Bench;
using NativeNet.Diagnostics;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using NativeNet.Tests.Kernels;
using NativeNet.Tests.Layers;

namespace NativeNet.Tests.Training;

/// <summary>
/// The fast training step of issue 8: first-layer backward without dX, fused bias epilogue, chunked parallel
/// optimizer updates — each equal to the plain path bit for bit, reproducible across thread counts, allocation-free.
/// </summary>
[Collection(nameof(KernelSettingsCollection))]
public sealed class TrainingStepTests : IDisposable
{
    private readonly int _threads = Parallelism.ThreadCount;
    private readonly int _parallelMinElements = Optimizer<float>.ParallelMinElements;

    public void Dispose()
    {
        Parallelism.ThreadCount = _threads;
        Optimizer<float>.ParallelMinElements = _parallelMinElements;
    }

    [Fact]
    public void LinearBackwardParametersOnlyAccumulatesTheSameGradientsAsBackward()
    {
        var rng = new Rng(3);
        var full = new Linear<double>(37, 23, rng);
        var partial = new Linear<double>(37, 23, new Rng(4));
        full.Weight.Value.CopyTo(partial.Weight.Value);
        full.Bias!.Value.CopyTo(partial.Bias!.Value);
        var x = NdArray<double>.RandomNormal(rng, 0, 1, 9, 37);
        var dy = NdArray<double>.RandomNormal(rng, 0, 1, 9, 23);
        for (int pass = 0; pass < 2; pass++)
        {
            full.Forward(x, true);
            full.Backward(dy);
            partial.Forward(x, true);
            partial.BackwardParametersOnly(dy);
        }
        Assert.Equal(full.Weight.Grad.Span.ToArray(), partial.Weight.Grad.Span.ToArray());
        Assert.Equal(full.Bias.Grad.Span.ToArray(), partial.Bias.Grad.Span.ToArray());
    }

    [Fact]
    public void LinearForwardWithTheFusedBiasEqualsProductPlusBias()
    {
        var rng = new Rng(5);
        var layer = new Linear<float>(300, 70, rng);
        var x = NdArray<float>.RandomNormal(rng, 0f, 1f, 45, 300);
        var expected = new NdArray<float>(45, 70);
        Gemm.Multiply(x, layer.Weight.Value, expected);
        for (int r = 0; r < 45; r++)
            for (int c = 0; c < 70; c++) expected[r, c] += layer.Bias!.Value[c];
        Assert.Equal(expected.Span.ToArray(), layer.Forward(x, true).Span.ToArray());
    }

    [Fact]
    public void ComputeLossGivesTheGradientsOfTheFullBackward()
    {
        var spec = new FullyConnectedNetSpec { InputSize = 20, HiddenSizes = [16, 12], Classes = 5, Normalization = Normalization.Batch, Seed = 7 };
        var a = FullyConnectedNet.Build<double>(spec);
        var b = FullyConnectedNet.Build<double>(spec);
        var rng = new Rng(8);
        var x = NdArray<double>.RandomNormal(rng, 0, 1, 11, 20);
        int[] labels = [.. Enumerable.Range(0, 11).Select(i => i % 5)];
        var loss = new SoftmaxCrossEntropyLoss<double>();
        a.ComputeLoss(x, labels, loss);
        b.ZeroGrad();
        var (_, gradient) = loss.Compute(b.Forward(x), labels);
        var dx = b.Backward(gradient);
        Assert.True(dx.HasShape(11, 20));
        for (int i = 0; i < a.Parameters.Count; i++)
            Assert.Equal(b.Parameters[i].Grad.Span.ToArray(), a.Parameters[i].Grad.Span.ToArray());
    }

    [Fact]
    public void ComputeLossAssignsGradientsAndStillAccumulatesWhenAsked()
    {
        var spec = new FullyConnectedNetSpec { InputSize = 9, HiddenSizes = [8], Classes = 3, Normalization = Normalization.Batch, Seed = 2 };
        var model = FullyConnectedNet.Build<double>(spec);
        var rng = new Rng(3);
        var x = NdArray<double>.RandomNormal(rng, 0, 1, 6, 9);
        int[] labels = [0, 1, 2, 0, 1, 2];
        var loss = new SoftmaxCrossEntropyLoss<double>();
        foreach (var p in model.Parameters) rng.FillNormal(p.Grad.Span, 0, 1);
        model.ComputeLoss(x, labels, loss);
        var once = model.Parameters.Select(p => p.Grad.Span.ToArray()).ToArray();
        model.ComputeLoss(x, labels, loss, zeroGrad: false);
        // Adding onto g re-associates the sums, so "g + g" is 2g up to rounding, not bit for bit; the bias before
        // batch norm has a true gradient of 0 and holds only rounding noise, hence one scale for the whole model.
        double scale = once.Max(g => g.Max(Math.Abs));
        for (int i = 0; i < once.Length; i++)
        {
            var twice = model.Parameters[i].Grad.Span.ToArray();
            for (int j = 0; j < twice.Length; j++) Assert.True(Math.Abs(twice[j] - 2 * once[i][j]) <= 1e-12 * scale, $"{model.Parameters[i].Name}[{j}]");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ComputeLoss(x, [0, 1, 2, 0, 1, 7], loss));
        Assert.All(model.Layers, layer => Assert.False(layer.AssignParameterGradients));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("momentum")]
    [InlineData("sgd")]
    public void ChunkedParallelUpdateEqualsTheSingleThreadedOne(string rule)
    {
        var workload = new TrainWorkload("t", [2, 3], Normalization.None, "relu", rule, 1);
        const int elements = 3 * (1 << 15) + 37;
        Optimizer<float>.ParallelMinElements = 1000;
        float[] Run(int threads)
        {
            Parallelism.ThreadCount = threads;
            var rng = new Rng(9);
            var p = new Parameter<float>("w", NdArray<float>.RandomNormal(rng, 0f, 1f, elements), isWeight: true);
            var optimizer = workload.BuildOptimizer([p]);
            for (int step = 0; step < 3; step++)
            {
                rng.FillNormal(p.Grad.Span, 0f, 1f);
                optimizer.Step();
            }
            return p.Value.Span.ToArray();
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Theory]
    [InlineData("mnist-bn")]
    [InlineData("cifar-bn")]
    [InlineData("cifar-wide10")]
    [InlineData("cifar-deep")]    // a 4-column remainder, and a row-major A both packed (3,072 wide) and read in place
    [InlineData("fashion-mlp")]
    public void TrainingIsBitIdenticalOnOneAndTwoThreads(string name)
    {
        var workload = TrainWorkloads.Get(name);
        float[][] Train(int threads)
        {
            Parallelism.ThreadCount = threads;
            var runner = new TrainingStepRunner(workload, seed: 11);
            for (int i = 0; i < 4; i++) runner.Step();
            return [.. runner.Model.Parameters.Select(p => p.Value.Span.ToArray()), .. runner.Model.Buffers.Select(b => b.Value.Span.ToArray())];
        }
        var one = Train(1);
        var two = Train(2);
        Assert.Equal(one.Length, two.Length);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    [Theory]
    [InlineData("mnist-small")]
    [InlineData("mnist-bn")]
    [InlineData("cifar-deep")]
    public void ASteadyStateTrainingStepAllocatesNothing(string name)
    {
        Parallelism.ThreadCount = 1;
        var runner = new TrainingStepRunner(TrainWorkloads.Get(name));
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => runner.Step(), warmup: 20, runs: 5));
    }

    [Fact]
    public void TrainingStepsLowerTheLossOnAFixedBatch()
    {
        Parallelism.ThreadCount = 1;
        var runner = new TrainingStepRunner(TrainWorkloads.Get("mnist-bn"));
        float first = runner.Step();
        float last = first;
        // Sixteen distinct random batches: over several cycles the network memorizes them.
        for (int i = 0; i < 40 * TrainingStepRunner.BatchCount; i++) last = runner.Step();
        Assert.True(last < 0.5f * first, $"loss went from {first} to {last}");
    }

    [Theory]
    [InlineData("relu", true)]
    [InlineData("relu", false)]
    [InlineData("sigmoid", true)]
    [InlineData("gelu", true)]
    [InlineData("swish", false)]
    [InlineData(null, true)]
    public void FusedActivationPassesTheGradientCheck(string? activation, bool bias)
    {
        var rng = new Rng(21);
        var fused = activation is null ? null : (ElementwiseLayer<double>)LayerRegistry.Create<double>(activation);
        var layer = new Linear<double>(13, 19, rng, bias, activation: fused);
        var x = NdArray<double>.RandomNormal(rng, 0, 1, 7, 13);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(22));
        Assert.True(result.Passes(1e-7), result.ToString());
    }

    /// <summary>Every registered elementwise activation (with its default constants), by name.</summary>
    public static TheoryData<string> ElementwiseActivations()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in LayerRegistry.Layers)
            if (typeof(ElementwiseLayer<float>).IsAssignableFrom(descriptor.LayerType.MakeGenericType(typeof(float)))) data.Add(descriptor.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ElementwiseActivations))]
    public void FusedLinearEqualsLinearThenTheActivationLayerBitForBit(string activation)
    {
        var rng = new Rng(23);
        // 70 columns: full AVX-512 and AVX2 vectors and a scalar tail in every row.
        var fused = new Linear<float>(150, 70, new Rng(24), activation: (ElementwiseLayer<float>)LayerRegistry.Create<float>(activation));
        var plain = new Linear<float>(150, 70, new Rng(24));
        var act = LayerRegistry.Create<float>(activation);
        var x = NdArray<float>.RandomNormal(rng, 0f, 1f, 33, 150);
        var dy = NdArray<float>.RandomNormal(rng, 0f, 1f, 33, 70);
        Assert.Equal(act.Forward(plain.Forward(x, true), true).Span.ToArray(), fused.Forward(x, true).Span.ToArray());
        Assert.Equal(plain.Backward(act.Backward(dy)).Span.ToArray(), fused.Backward(dy).Span.ToArray());
        Assert.Equal(plain.Weight.Grad.Span.ToArray(), fused.Weight.Grad.Span.ToArray());
        Assert.Equal(plain.Bias!.Grad.Span.ToArray(), fused.Bias!.Grad.Span.ToArray());
        Assert.Contains(act.ToString(), fused.ToString());
    }

    private static void AssertClose(float[] expected, float[] actual, float relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = expected.Max(MathF.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= relative * scale, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
