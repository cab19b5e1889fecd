using System.Numerics;
using NativeNet.Initializers;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Models;

/// <summary>
/// Builds the classic fully connected classifier from a <see cref="FullyConnectedNetSpec"/>:
/// {affine − [batch/layer norm] − activation − [dropout]} × (L − 1) − affine, on <see cref="Sequential{T}"/>,
/// in float for training or double for gradient checks. Without normalization a ReLU or sigmoid is fused into the
/// preceding <see cref="Linear{T}"/> (<see cref="Linear{T}.Activation"/>) instead of being a layer of its own.
/// </summary>
public static class FullyConnectedNet
{
    // Separate generator streams for weights and for each dropout layer, so adding dropout never changes the weights.
    private const ulong WeightStream = 0;
    private const ulong DropoutStreamBase = 1_000;

    /// <summary>
    /// Builds the network; layers are named <c>fc1</c>, <c>bn1</c>, <c>relu1</c>, <c>dropout1</c>, … by
    /// <see cref="Sequential{T}"/> (with no normalization a ReLU or sigmoid lives inside <c>fc1</c>, so there is no <c>relu1</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid or names an unknown activation (the message lists the known ones).</exception>
    public static Sequential<T> Build<T>(FullyConnectedNetSpec spec) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var weights = Rng.ForStream(spec.Seed, WeightStream);
        var model = new Sequential<T>();
        var hiddenGain = GainOf(spec.Activation, spec.ActivationArguments);
        int inputs = spec.InputSize;
        for (int i = 0; i <= spec.HiddenSizes.Count; i++)
        {
            bool output = i == spec.HiddenSizes.Count;
            int outputs = output ? spec.Classes : spec.HiddenSizes[i];
            // Without normalization the activation directly follows the affine map: ReLU and sigmoid then run inside
            // the GEMM epilogue (one pass fewer over the output each way; gradient-checked equal to the two layers).
            var fused = output || spec.Normalization != Normalization.None ? FusedActivation.None : FusedActivationOf(spec);
            var linear = new Linear<T>(inputs, outputs, weights, activation: fused);
            var init = Initializer(spec, output ? (Nonlinearity.Linear, 0.0) : hiddenGain);
            init.InitializeWeightsZeroBiases(linear.Parameters, weights);
            model.Add(linear);
            if (!output)
            {
                switch (spec.Normalization)
                {
                    case Normalization.Batch: model.Add(new BatchNorm<T>(outputs)); break;
                    case Normalization.Layer: model.Add(new LayerNorm<T>(outputs)); break;
                }
                if (fused == FusedActivation.None)
                    model.Add(LayerRegistry.Create<T>(spec.Activation, LayerArguments.Parse(spec.ActivationArguments)));
                if (spec.DropProbability > 0)
                    model.Add(Dropout<T>.WithDropProbability(spec.DropProbability, Rng.ForStream(spec.Seed, DropoutStreamBase + (ulong)i)));
            }
            inputs = outputs;
        }
        return model;
    }

    private static FusedActivation FusedActivationOf(FullyConnectedNetSpec spec) =>
        spec.ActivationArguments.Length > 0 ? FusedActivation.None : spec.Activation.ToLowerInvariant() switch
        {
            "relu" => FusedActivation.Relu,
            "sigmoid" => FusedActivation.Sigmoid,
            _ => FusedActivation.None,
        };

    private static Initializer Initializer(FullyConnectedNetSpec spec, (Nonlinearity Kind, double Slope) gain) => spec.Initialization switch
    {
        WeightInitialization.Normal => new NormalInitializer(spec.WeightScale),
        WeightInitialization.Uniform => new UniformInitializer(-spec.WeightScale, spec.WeightScale),
        WeightInitialization.Zero => new ZerosInitializer(),
        WeightInitialization.Xavier => new XavierInitializer(InitializerDistribution.Normal, FanMode.FanAverage, gain.Kind, gain.Slope),
        _ => new HeInitializer(InitializerDistribution.Normal, FanMode.FanIn, gain.Kind, gain.Slope),
    };

    // The gain that keeps activations' scale through a layer: ReLU's for the rectifier family, its own for tanh,
    // sigmoid and leaky ReLU (with its slope).
    private static (Nonlinearity, double) GainOf(string activation, string arguments) => activation.ToLowerInvariant() switch
    {
        "tanh" => (Nonlinearity.Tanh, 0),
        "sigmoid" => (Nonlinearity.Sigmoid, 0),
        "leaky_relu" => (Nonlinearity.LeakyReLU, LayerArguments.Parse(arguments).GetDouble("slope", InitializerGain.DefaultNegativeSlope)),
        "linear" or "identity" => (Nonlinearity.Linear, 0),
        _ => (Nonlinearity.ReLU, 0),
    };
}
