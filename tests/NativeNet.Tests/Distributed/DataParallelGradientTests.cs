using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Driver;
using NativeNet.Distributed.Training;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Tensors;
using Xunit.Abstractions;

namespace NativeNet.Tests.Distributed;

public sealed class DataParallelGradientTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Normalization.None)]
    [InlineData(Normalization.Batch)]
    public void One_shard_in_one_process_has_the_bits_of_the_plain_solver(Normalization normalization)
    {
        // Dropout masks are keyed by sample and batch norm's sums taken over the one shard: nothing differs.
        byte[] plain = ReferenceRun.Train(null, shards: 1, normalization: normalization);
        byte[] sharded = ReferenceRun.Train(new SingleProcessCommunicator(), shards: 1, normalization: normalization);
        Assert.Equal(plain, sharded);
    }

    [Fact]
    public void More_shards_change_the_rounding_but_not_what_is_learned()
    {
        byte[] plain = ReferenceRun.Train(null, shards: 1, dropout: 0);
        byte[] eight = ReferenceRun.Train(new SingleProcessCommunicator(), shards: 8, dropout: 0);
        byte[] four = ReferenceRun.Train(new SingleProcessCommunicator(), shards: 4, dropout: 0);
        Assert.Equal(plain.Length, eight.Length);
        var a = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(plain.AsSpan(0, plain.Length - 8 * 42));
        var b = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(eight.AsSpan(0, eight.Length - 8 * 42));
        int differing = 0;
        double largest = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) differing++;
            largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
        }
        output.WriteLine($"plain solver vs 8 shards after 42 steps: {differing} of {a.Length} values differ, by at most {largest:g3}");
        Assert.True(largest < 1e-3, $"8 shards drifted from the plain solver by {largest}");
        Assert.NotEqual(eight, four);
    }

    [Fact]
    public void Shards_normalize_with_the_minibatch_statistics_and_draw_the_masks_of_one_process()
    {
        // One step in double, 4 shards of unequal sizes against the plain forward and backward over the whole minibatch:
        // only the order of the sums differs. With each shard's own statistics or masks the gradients would differ in
        // their first digits.
        var spec = new FullyConnectedNetSpec { InputSize = 6, HiddenSizes = [8, 8], Classes = 3, Normalization = Normalization.Batch, DropProbability = 0.3, Seed = 4 };
        var plain = FullyConnectedNet.Build<double>(spec);
        var sharded = FullyConnectedNet.Build<double>(spec);
        var rng = new Rng(5);
        var features = NdArray<double>.RandomNormal(rng, 2.0, 3.0, 13, 6);
        int[] labels = Enumerable.Range(0, 13).Select(i => i % 3).ToArray();
        var loss = new SoftmaxCrossEntropyLoss<double>();

        double expected = plain.ComputeLoss(features, labels, loss).Loss;
        double actual = new DataParallelGradient<double>(new SingleProcessCommunicator(), sharded, 4).Compute(sharded, loss, features, labels, penalty: null);

        Assert.Equal(expected, actual, 1e-13);
        // fc1's bias gradient is 0 in exact arithmetic (batch norm removes the mean), so errors are measured against the largest gradient.
        double scale = plain.Parameters.Max(p => p.Grad.ToArray().Max(Math.Abs));
        for (int i = 0; i < plain.Parameters.Count; i++)
            AssertClose(plain.Parameters[i].Grad.ToArray(), sharded.Parameters[i].Grad.ToArray(), scale, plain.Parameters[i].Name);
        foreach (var ((name, want), (_, got)) in plain.Buffers.Zip(sharded.Buffers))
            AssertClose(want.ToArray(), got.ToArray(), want.ToArray().Max(Math.Abs), name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_regression_step_gives_the_plain_gradients_exactly_on_one_shard_and_to_rounding_on_four(int shards)
    {
        var spec = new FullyConnectedNetSpec { InputSize = 5, HiddenSizes = [8], Classes = 2, DropProbability = 0.2, Seed = 6 };
        var plain = FullyConnectedNet.Build<double>(spec);
        var sharded = FullyConnectedNet.Build<double>(spec);
        var features = NdArray<double>.RandomNormal(new Rng(7), 0.0, 1.0, 11, 5);
        var targets = NdArray<double>.RandomNormal(new Rng(8), 0.0, 1.0, 11, 2);
        var loss = new MeanSquaredErrorLoss<double>();

        double expected = plain.ComputeLoss(features, targets, loss).Loss;
        double actual = new DataParallelGradient<double>(new SingleProcessCommunicator(), sharded, shards).Compute(sharded, loss, features, targets, penalty: null);

        double scale = plain.Parameters.Max(p => p.Grad.ToArray().Max(Math.Abs));
        if (shards == 1)
        {
            Assert.Equal(expected, actual);
            for (int i = 0; i < plain.Parameters.Count; i++) Assert.Equal(plain.Parameters[i].Grad.ToArray(), sharded.Parameters[i].Grad.ToArray());
        }
        else
        {
            Assert.Equal(expected, actual, 1e-13);
            for (int i = 0; i < plain.Parameters.Count; i++)
                AssertClose(plain.Parameters[i].Grad.ToArray(), sharded.Parameters[i].Grad.ToArray(), scale, plain.Parameters[i].Name);
        }
    }

    [Fact]
    public void A_layer_with_a_generator_other_than_dropout_is_refused_naming_it()
    {
        var model = new Sequential<float>().Add(new Linear<float>(4, 3, new Rng(1)), "fc").Add(new NoiseLayer(), "noise");
        var error = Assert.Throws<ArgumentException>(() => new DataParallelGradient<float>(new SingleProcessCommunicator(), model, 4));
        Assert.Contains("'noise'", error.Message);
    }

    [Fact]
    public void A_model_that_cannot_be_replicated_runs_its_shards_in_turn_with_the_same_bits()
    {
        // The same network with an unregistered pass-through layer between the two linear layers, which leaves the
        // model without a replica: its shards run one after the other, with their gradients copied out.
        Sequential<double> Build(bool passThrough)
        {
            var model = new Sequential<double>().Add(new Linear<double>(6, 5, new Rng(1)), "fc1");
            if (passThrough) model.Add(new PassThrough(), "same");
            return model.Add(new Linear<double>(5, 3, new Rng(2)), "fc2");
        }
        var features = NdArray<double>.RandomNormal(new Rng(5), 0.0, 1.0, 11, 6);
        int[] labels = Enumerable.Range(0, 11).Select(i => i % 3).ToArray();
        var loss = new SoftmaxCrossEntropyLoss<double>();
        var replicated = Build(passThrough: false);
        var inTurn = Build(passThrough: true);
        Assert.Throws<ArgumentException>(() => inTurn.CreateReplica());

        double expected = new DataParallelGradient<double>(new SingleProcessCommunicator(), replicated, 4).Compute(replicated, loss, features, labels, null);
        double actual = new DataParallelGradient<double>(new SingleProcessCommunicator(), inTurn, 4).Compute(inTurn, loss, features, labels, null);
        Assert.Equal(expected, actual);
        for (int i = 0; i < replicated.Parameters.Count; i++)
            Assert.Equal(replicated.Parameters[i].Grad.ToArray(), inTurn.Parameters[i].Grad.ToArray());
    }

    private static void AssertClose(double[] expected, double[] actual, double scale, string what)
    {
        for (int j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-12 * scale, $"{what}[{j}]: {actual[j]:R} instead of {expected[j]:R}");
    }

    // An unregistered layer that changes nothing.
    private sealed class PassThrough : Layer<double>
    {
        public override NdArray<double> Forward(NdArray<double> input, bool training) => input;

        public override NdArray<double> Backward(NdArray<double> gradOutput) => gradOutput;

        public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
    }

    // A layer that would add noise from a generator of its own.
    private sealed class NoiseLayer : Layer<float>
    {
        private readonly Rng _rng = new(3);

        public override Rng? RandomSource => _rng;

        public override NdArray<float> Forward(NdArray<float> input, bool training) => input;

        public override NdArray<float> Backward(NdArray<float> gradOutput) => gradOutput;

        public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
    }
}
