using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Cli.Bench;

/// <summary>
/// One classic fully connected training workload of <c>nativenet bench train</c>: layer sizes, batch norm,
/// activation, optimizer and batch, float32, PyTorch's default initialization (so it matches
/// benchmarks/scripts/torch_workloads.py shape for shape).
/// </summary>
/// <param name="Name">The name given to <c>--workload</c>.</param>
/// <param name="LayerSizes">Input width, hidden widths, classes.</param>
/// <param name="BatchNorm">Whether every hidden affine layer is followed by batch normalization.</param>
/// <param name="Activation">The hidden activation: any registered elementwise layer (<c>relu</c>, <c>sigmoid</c>, <c>gelu</c>, …).</param>
/// <param name="Optimizer">The update rule: <c>adam</c> (lr 1e-3), <c>momentum</c> (PyTorch SGD, lr 1e-2, μ 0.9) or <c>sgd</c> (lr 1e-2).</param>
/// <param name="BatchSize">Samples per step.</param>
public sealed record TrainWorkload(string Name, int[] LayerSizes, bool BatchNorm, string Activation, string Optimizer, int BatchSize)
{
    /// <summary>The input width.</summary>
    public int InputSize => LayerSizes[0];

    /// <summary>The number of classes.</summary>
    public int Classes => LayerSizes[^1];

    /// <summary>The architecture as <c>3072-500-500-500-10</c>.</summary>
    public string Shape => string.Join('-', LayerSizes);

    /// <summary>
    /// Builds the network: {Linear − BatchNorm − activation} per hidden layer with batch norm, else Linear with the
    /// activation fused into its GEMM epilogue; then the output Linear.
    /// </summary>
    public Sequential<float> BuildModel(ulong seed)
    {
        var rng = new Rng(seed);
        var model = new Sequential<float>();
        for (int i = 0; i + 1 < LayerSizes.Length; i++)
        {
            bool hidden = i + 2 < LayerSizes.Length;
            // The activation is fused into the layer it follows: the GEMM epilogue, or the batch norm's normalize pass.
            var fused = hidden ? (ElementwiseLayer<float>)LayerRegistry.Create<float>(Activation) : null;
            model.Add(new Linear<float>(LayerSizes[i], LayerSizes[i + 1], rng, activation: BatchNorm ? null : fused));
            if (hidden && BatchNorm)
                model.Add(new BatchNorm<float>(LayerSizes[i + 1], activation: fused));
        }
        return model;
    }

    /// <summary>The workload's optimizer over <paramref name="parameters"/>, with the PyTorch script's hyperparameters.</summary>
    public Optimizer<float> BuildOptimizer(IEnumerable<Parameter<float>> parameters) => Optimizer switch
    {
        "adam" => new Adam<float>(parameters, learningRate: 1e-3),
        "momentum" => new Momentum<float>(parameters, learningRate: 1e-2, momentum: 0.9, convention: MomentumConvention.Framework),
        _ => new Sgd<float>(parameters, learningRate: 1e-2),
    };

    /// <summary>The loss every workload trains with (PyTorch's CrossEntropyLoss).</summary>
    public static ClassificationLoss<float> BuildLoss() => new SoftmaxCrossEntropyLoss<float>();

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Shape}{(BatchNorm ? ", batch norm" : "")}, {Activation}, {Optimizer}, batch {BatchSize}";
}
