using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Regularization;
using NativeNet.Tensors;

namespace NativeNet.Tests.Models;

public class FullyConnectedNetTests
{
    [Fact]
    public void BuildsTheClassicLayerOrderWithStableNames()
    {
        var spec = new FullyConnectedNetSpec
        {
            InputSize = 20, HiddenSizes = [16, 8], Classes = 5, Normalization = Normalization.Batch, DropProbability = 0.25, Activation = "tanh",
        };
        var model = FullyConnectedNet.Build<float>(spec);
        // The activation runs inside each batch norm's normalize pass.
        Assert.Equal(["fc1", "bn1", "dropout1", "fc2", "bn2", "dropout2", "fc3"], model.Layers.Select(l => l.Name));
        Assert.All(model.Layers.OfType<BatchNorm<float>>(), bn => Assert.IsType<Tanh<float>>(bn.Activation));
        Assert.Equal(["fc1.weight", "fc1.bias", "bn1.gamma", "bn1.beta", "fc2.weight", "fc2.bias", "bn2.gamma", "bn2.beta", "fc3.weight", "fc3.bias"],
            model.Parameters.Select(p => p.Name));
        Assert.Equal(20 * 16 + 16 + 32 + 16 * 8 + 8 + 16 + 8 * 5 + 5, model.ParameterCount);
        Assert.Equal(new[] { 7, 5 }, model.Forward(NdArray<float>.Zeros(7, 20), training: false).Shape.ToArray());
        Assert.All(model.Parameters.Where(p => p.Name.EndsWith(".bias")), p => Assert.All(p.Value.ToArray(), v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void LayerNormAndNoHiddenLayers()
    {
        var ln = FullyConnectedNet.Build<double>(new FullyConnectedNetSpec { InputSize = 4, HiddenSizes = [3], Classes = 2, Normalization = Normalization.Layer });
        Assert.Equal(["fc1", "ln1", "fc2"], ln.Layers.Select(l => l.Name));
        Assert.IsType<Relu<double>>(ln.Layers.OfType<LayerNorm<double>>().Single().Activation);
        var linear = FullyConnectedNet.Build<double>(new FullyConnectedNetSpec { InputSize = 4, Classes = 3 });
        Assert.Single(linear.Layers);
    }

    [Fact]
    public void InitializationSchemesHaveTheirScale()
    {
        var spec = new FullyConnectedNetSpec { InputSize = 3072, HiddenSizes = [500], Classes = 10, Seed = 1 };
        double Std(Sequential<double> m) { var w = m.Parameters[0].Value.ToArray(); double mean = w.Average(); return Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average()); }
        Assert.Equal(Math.Sqrt(2.0 / 3072), Std(FullyConnectedNet.Build<double>(spec)), 0.03 * Math.Sqrt(2.0 / 3072));
        Assert.Equal(0.01, Std(FullyConnectedNet.Build<double>(spec with { Initialization = WeightInitialization.Normal, WeightScale = 0.01 })), 0.0003);
        Assert.Equal(0.0, Std(FullyConnectedNet.Build<double>(spec with { Initialization = WeightInitialization.Zero })));
        var tanhXavier = FullyConnectedNet.Build<double>(spec with { Initialization = WeightInitialization.Xavier, Activation = "tanh" });
        Assert.Equal(5.0 / 3 * Math.Sqrt(2.0 / (3072 + 500)), Std(tanhXavier), 0.03 * 5.0 / 3 * Math.Sqrt(2.0 / (3072 + 500)));
    }

    [Fact]
    public void SameSeedSameWeightsAndDropoutDoesNotShiftThem()
    {
        var spec = new FullyConnectedNetSpec { InputSize = 10, HiddenSizes = [8, 8], Classes = 3, Seed = 42 };
        var a = FullyConnectedNet.Build<float>(spec);
        var b = FullyConnectedNet.Build<float>(spec with { DropProbability = 0.5 });
        var c = FullyConnectedNet.Build<float>(spec with { Seed = 43 });
        Assert.Equal(a.Parameters[0].Value.ToArray(), b.Parameters[0].Value.ToArray());
        Assert.Equal(a.Parameters[^2].Value.ToArray(), b.Parameters[^2].Value.ToArray());
        Assert.NotEqual(a.Parameters[0].Value.ToArray(), c.Parameters[0].Value.ToArray());
    }

    [Fact]
    public void WholeNetworkGradientCheckWithPenalty()
    {
        var spec = new FullyConnectedNetSpec
        {
            InputSize = 6, HiddenSizes = [5, 4], Classes = 3, Activation = "tanh", Normalization = Normalization.Batch,
            Initialization = WeightInitialization.Normal, WeightScale = 0.5, L2 = 0.3, L1 = 0.0, Seed = 3,
        };
        var model = FullyConnectedNet.Build<double>(spec);
        var rng = new Rng(9);
        var x = NdArray<double>.RandomNormal(rng, 0, 1, 4, 6);
        int[] labels = [0, 2, 1, 2];
        var loss = new NativeNet.Losses.SoftmaxCrossEntropyLoss<double>();
        var penalty = spec.Penalty();
        Assert.NotNull(penalty);
        model.ComputeLoss(x, labels, loss, penalty);
        var analytic = model.Parameters.Select(p => p.Grad.Clone()).ToArray();
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            var numeric = GradientCheck.NumericalGradient(_ => model.ComputeLoss(x, labels, loss, penalty, zeroGrad: true).Loss, model.Parameters[i].Value);
            if (model.Parameters[i].Name is "fc1.bias" or "fc2.bias")
            {
                // A bias right before batch norm cancels out: both gradients are zero up to rounding.
                Assert.True(analytic[i].ToArray().Max(Math.Abs) < 1e-12 && numeric.ToArray().Max(Math.Abs) < 1e-9, model.Parameters[i].Name);
                continue;
            }
            double error = GradientCheck.RelativeError(analytic[i], numeric);
            Assert.True(error < 1e-6, $"{model.Parameters[i].Name}: {error}");
        }
    }

    [Fact]
    public void SpecRoundTripsThroughJsonAndRejectsBadValues()
    {
        var spec = new FullyConnectedNetSpec
        {
            InputSize = 784, HiddenSizes = [256, 128], Activation = "leaky_relu", ActivationArguments = "slope=0.1",
            Normalization = Normalization.Layer, DropProbability = 0.1, Initialization = WeightInitialization.Xavier, L2 = 1e-4, Seed = 7,
        };
        var json = spec.ToJson();
        Assert.Contains("\"hidden_sizes\":[256,128]", json);
        var back = FullyConnectedNetSpec.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Throws<FormatException>(() => FullyConnectedNetSpec.FromJson("{\"input_size\": 0}"));
        var ex = Assert.Throws<ArgumentException>(() => FullyConnectedNet.Build<float>(spec with { Activation = "nope" }));
        Assert.Contains("relu", ex.Message);
        Assert.Equal(L2PenaltyConvention.HalfSquaredNorm, spec.Penalty()!.L2Convention);
    }
}
