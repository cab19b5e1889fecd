using NativeNet.Inference;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Tensors;
using NativeNet.Tests.Layers;

namespace NativeNet.Tests.Inference;

public class PredictorTests
{
    internal const int Inputs = 20, Classes = 7;

    // A trained-looking model: non-trivial γ, β and running statistics (a few training forwards move them).
    internal static Sequential<float> Model(Normalization normalization, double dropout, string activation = "relu")
    {
        var model = FullyConnectedNet.Build<float>(new FullyConnectedNetSpec
        {
            InputSize = Inputs, HiddenSizes = [33, 17], Classes = Classes, Normalization = normalization,
            DropProbability = dropout, Activation = activation, Seed = 5,
        });
        var rng = new Rng(11);
        foreach (var p in model.Parameters)
            if (!p.IsWeight) rng.FillNormal(p.Value.Span, 0.5f, 0.3f);
        for (int step = 0; step < 3; step++) model.Forward(Inputs32(rng), training: true);
        return model;
    }

    internal static NdArray<float> Inputs32(Rng rng, int rows = 32)
    {
        var x = new NdArray<float>(rows, Inputs);
        rng.FillNormal(x.Span, 0.3f, 1.5f);
        return x;
    }

    [Theory]
    [InlineData(Normalization.None, 0.0, 1)]
    [InlineData(Normalization.None, 0.0, 32)]
    [InlineData(Normalization.Batch, 0.0, 1)]
    [InlineData(Normalization.Batch, 0.0, 32)]
    [InlineData(Normalization.Layer, 0.0, 1)]
    [InlineData(Normalization.Layer, 0.0, 32)]
    [InlineData(Normalization.None, 0.3, 32)]
    [InlineData(Normalization.Batch, 0.3, 1)]
    [InlineData(Normalization.Batch, 0.3, 32)]
    [InlineData(Normalization.Layer, 0.3, 32)]
    [InlineData(Normalization.Batch, 0.0, 600)]
    public void ScoresEqualEvalForwardBitForBit(Normalization normalization, double dropout, int batch)
    {
        var model = Model(normalization, dropout);
        var predictor = model.CreatePredictor();
        Assert.True(predictor.IsLockFree);
        Assert.Equal(Inputs, predictor.InputWidth);
        Assert.Equal(Classes, predictor.OutputWidth);
        var x = Inputs32(new Rng(3), batch);
        var scores = new float[batch * Classes];
        predictor.Predict(x.Span, scores);
        var expected = model.Forward(x, training: false).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), scores.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("gelu")]
    public void FusedActivationsWhoseDerivativeReadsEitherSideMatch(string activation)
    {
        foreach (var normalization in new[] { Normalization.None, Normalization.Batch, Normalization.Layer })
        {
            var model = Model(normalization, 0, activation);
            var x = Inputs32(new Rng(4), 9);
            var scores = new NdArray<float>(9, Classes);
            model.CreatePredictor().Predict(x, scores);
            Assert.Equal(model.Forward(x, training: false).ToArray(), scores.ToArray());
        }
    }

    [Fact]
    public void StandaloneLayersAndSoftmaxMatchForward()
    {
        var rng = new Rng(8);
        var model = new Sequential<double>(
            new Flatten<double>(), new Linear<double>(12, 10, rng), new Relu<double>(), new LayerNorm<double>(10),
            new Dropout<double>(0.5, DropoutConvention.DropProbability, rng), new Linear<double>(10, 4, rng), new Softmax<double>());
        var x = new NdArray<double>(5, 12);
        rng.FillNormal(x.Span, 0.0, 2.0);
        var predictor = model.CreatePredictor(12);
        Assert.True(predictor.IsLockFree);
        var scores = new double[5 * 4];
        predictor.Predict(x.Span, scores);
        Assert.Equal(model.Forward(x, training: false).ToArray(), scores);
    }

    [Fact]
    public void ProbabilitiesAndClassesFollowTheScores()
    {
        var model = Model(Normalization.Batch, 0.2);
        var predictor = model.CreatePredictor();
        var x = Inputs32(new Rng(6));
        var scores = new float[32 * Classes];
        var probabilities = new float[32 * Classes];
        var classes = new int[32];
        predictor.Predict(x.Span, scores);
        predictor.PredictProbabilities(x.Span, probabilities);
        predictor.PredictClass(x.Span, classes);
        for (int r = 0; r < 32; r++)
        {
            var row = scores.AsSpan(r * Classes, Classes).ToArray();
            var p = probabilities.AsSpan(r * Classes, Classes).ToArray();
            Assert.Equal(1.0, p.Sum(), 1e-5);
            int best = Array.IndexOf(row, row.Max());
            Assert.Equal(best, classes[r]);
            Assert.Equal(best, Array.IndexOf(p, p.Max()));
            Assert.Equal(best, predictor.PredictClass(x.Span.Slice(r * Inputs, Inputs)));
        }
    }

    [Fact]
    public void ConcurrentPredictorsGiveTheSingleThreadedResults()
    {
        const int Tasks = 4, PerTask = 200;
        var model = Model(Normalization.Batch, 0.3);
        var inputs = new NdArray<float>[Tasks * PerTask];
        var rng = new Rng(21);
        for (int i = 0; i < inputs.Length; i++) inputs[i] = Inputs32(rng, 1 + i % 5);
        var reference = model.CreatePredictor();
        var expected = inputs.Select(x =>
        {
            var s = new float[x.Rows * Classes];
            reference.Predict(x.Span, s);
            return s;
        }).ToArray();
        var actual = new float[inputs.Length][];
        Parallel.For(0, Tasks, new ParallelOptions { MaxDegreeOfParallelism = Tasks }, t =>
        {
            var predictor = model.CreatePredictor();
            for (int j = 0; j < PerTask; j++)
            {
                // Interleave tasks over the inputs so neighbouring predictions run on different threads.
                int i = j * Tasks + t;
                actual[i] = new float[inputs[i].Rows * Classes];
                predictor.Predict(inputs[i].Span, actual[i]);
            }
        });
        for (int i = 0; i < inputs.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Theory]
    [InlineData(Normalization.None)]
    [InlineData(Normalization.Batch)]
    [InlineData(Normalization.Layer)]
    public void CallsAfterTheFirstAllocateNothing(Normalization normalization)
    {
        var predictor = Model(normalization, 0.3).CreatePredictor();
        var x = Inputs32(new Rng(2)).ToArray();
        var scores = new float[32 * Classes];
        var classes = new int[32];
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => predictor.Predict(x, scores)));
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => predictor.PredictProbabilities(x, scores)));
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => predictor.PredictClass(x, classes)));
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => predictor.PredictClass(x.AsSpan(0, Inputs))));
        // A smaller batch reuses the larger one's buffers.
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => predictor.Predict(x.AsSpan(0, 3 * Inputs), scores.AsSpan(0, 3 * Classes)), warmup: 0));
    }

    [Fact]
    public void ShapeErrorsNameTheExpectedAndGivenSizes()
    {
        var predictor = Model(Normalization.None, 0).CreatePredictor();
        var e = Assert.Throws<ArgumentException>(() => predictor.Predict(new float[2 * Inputs + 3], new float[2 * Classes]));
        Assert.Contains("20", e.Message);
        Assert.Contains("43", e.Message);
        e = Assert.Throws<ArgumentException>(() => predictor.Predict(new float[2 * Inputs], new float[Classes]));
        Assert.Contains("14", e.Message);
        Assert.Contains("got 7", e.Message);
        e = Assert.Throws<ArgumentException>(() => predictor.PredictClass(new float[Inputs - 1]));
        Assert.Contains("20", e.Message);
        Assert.Contains("19", e.Message);
        e = Assert.Throws<ArgumentException>(() => predictor.PredictClass(new float[3 * Inputs], new int[2]));
        Assert.Contains("3", e.Message);
        Assert.Contains("got 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => predictor.Predict(new NdArray<float>(2, Inputs + 1), new NdArray<float>(2, Classes)));
        Assert.Contains("(2, 21)", e.Message);
        e = Assert.Throws<ArgumentException>(() => predictor.Predict(new NdArray<float>(2, Inputs), new NdArray<float>(3, Classes)));
        Assert.Contains("(2, 7)", e.Message);
        Assert.Contains("(3, 7)", e.Message);
        Assert.Throws<ArgumentException>(() => new Sequential<float>(new Linear<float>(4, 2, new Rng(1))).CreatePredictor(5));
        Assert.Throws<InvalidOperationException>(() => new Sequential<float>(new Flatten<float>()).CreatePredictor());
    }

    [Fact]
    public void ALayerWithoutAnInferencePathIsServedUnderALock()
    {
        var rng = new Rng(9);
        var model = new Sequential<float>(new Linear<float>(6, 5, rng), new Doubling(), new Linear<float>(5, 3, rng));
        var predictor = model.CreatePredictor();
        Assert.False(predictor.IsLockFree);
        var x = new NdArray<float>(4, 6);
        rng.FillNormal(x.Span, 0f, 1f);
        var expected = model.Forward(x, training: false).ToArray();
        var results = new float[4][];
        Parallel.For(0, 4, t =>
        {
            var own = model.CreatePredictor();
            results[t] = new float[4 * 3];
            for (int i = 0; i < 50; i++) own.Predict(x.Span, results[t]);
        });
        foreach (var r in results) Assert.Equal(expected, r);
    }

    // A user's layer: y = 2x, with no inference path of its own.
    private sealed class Doubling : Layer<float>
    {
        private NdArray<float>? _output;

        public override NdArray<float> Forward(NdArray<float> input, bool training)
        {
            _output = new NdArray<float>(input.Shape.ToArray());
            for (int i = 0; i < input.Length; i++) _output[i] = 2 * input[i];
            return _output;
        }

        public override NdArray<float> Backward(NdArray<float> gradOutput) => gradOutput * 2f;

        public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
    }
}
