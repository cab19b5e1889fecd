using System.Numerics;
using NativeNet.Initializers;
using NativeNet.Kernels;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Models;

/// <summary>
/// Builds the classic fully connected classifier from a <see cref="FullyConnectedNetSpec"/>:
/// {affine − [batch/layer norm] − activation − [dropout]} × (L − 1) − affine, on <see cref="Sequential{T}"/>,
/// in float for training or double for gradient checks. Any elementwise activation (built-in or declared by the user,
/// with its arguments) is fused into the layer before it instead of being a layer of its own: the
/// <see cref="Linear{T}"/> (<see cref="Linear{T}.Activation"/>) without normalization, the <see cref="BatchNorm{T}"/>
/// or <see cref="LayerNorm{T}"/> (their <c>Activation</c>) with normalization.
/// </summary>
public static class FullyConnectedNet
{
    // Separate generator streams for weights and for each dropout layer, so adding dropout never changes the weights.
    private const ulong WeightStream = 0;
    private const ulong DropoutStreamBase = 1_000;

    /// <summary>
    /// Builds the network; layers are named <c>fc1</c>, <c>bn1</c>, <c>ln1</c>, <c>dropout1</c>, … by
    /// <see cref="Sequential{T}"/>. An elementwise activation lives inside <c>fc1</c>, or <c>bn1</c>/<c>ln1</c> with
    /// normalization; any other registered activation layer is a layer of its own.
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
            // An elementwise activation runs inside the layer it follows: the GEMM epilogue without normalization, the
            // normalize pass with it (one pass fewer over the output each way; tested equal to separate layers).
            var activation = output ? null : LayerRegistry.Create<T>(spec.Activation, LayerArguments.Parse(spec.ActivationArguments));
            var fused = activation as ElementwiseLayer<T>;
            var linear = new Linear<T>(inputs, outputs, weights, activation: spec.Normalization == Normalization.None ? fused : null);
            var init = Initializer(spec, output ? (Nonlinearity.Linear, 0.0) : hiddenGain);
            init.InitializeWeightsZeroBiases(linear.Parameters, weights);
            model.Add(linear);
            if (!output)
            {
                switch (spec.Normalization)
                {
                    case Normalization.Batch: model.Add(new BatchNorm<T>(outputs, activation: fused)); break;
                    case Normalization.Layer: model.Add(new LayerNorm<T>(outputs, activation: fused)); break;
                }
                if (fused is null) model.Add(activation!);
                if (spec.DropProbability > 0)
                    model.Add(Dropout<T>.WithDropProbability(spec.DropProbability, Rng.ForStream(spec.Seed, DropoutStreamBase + (ulong)i)));
            }
            inputs = outputs;
        }
        return model;
    }

    /// <summary>
    /// The names and shapes of the tensors <see cref="Build{T}"/> would create for <paramref name="spec"/>, in the
    /// order of <see cref="Sequential{T}.State"/>, without allocating them: what a checkpoint of that network must
    /// hold, checked before a network sized by a file's metadata is built.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    public static IReadOnlyList<(string Name, int[] Shape)> StateShapes(FullyConnectedNetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var parameters = new List<(string Name, int[] Shape)>();
        var buffers = new List<(string Name, int[] Shape)>();
        int inputs = spec.InputSize;
        for (int i = 0; i <= spec.HiddenSizes.Count; i++)
        {
            bool output = i == spec.HiddenSizes.Count;
            int outputs = output ? spec.Classes : spec.HiddenSizes[i];
            string index = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(($"fc{index}.weight", [inputs, outputs]));
            parameters.Add(($"fc{index}.bias", [outputs]));
            if (!output && spec.Normalization != Normalization.None)
            {
                string norm = spec.Normalization == Normalization.Batch ? "bn" : "ln";
                parameters.Add(($"{norm}{index}.gamma", [outputs]));
                parameters.Add(($"{norm}{index}.beta", [outputs]));
                if (spec.Normalization == Normalization.Batch)
                {
                    buffers.Add(($"bn{index}.running_mean", [outputs]));
                    buffers.Add(($"bn{index}.running_var", [outputs]));
                }
            }
            inputs = outputs;
        }
        parameters.AddRange(buffers);
        return parameters;
    }

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
