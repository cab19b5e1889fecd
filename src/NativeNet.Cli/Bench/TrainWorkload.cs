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
/// <param name="Normalization">The normalization after every hidden affine layer.</param>
/// <param name="Activation">The hidden activation: any registered elementwise layer (<c>relu</c>, <c>sigmoid</c>, <c>gelu</c>, …).</param>
/// <param name="Optimizer">The update rule: <c>adam</c> (lr 1e-3), <c>momentum</c> (PyTorch SGD, lr 1e-2, μ 0.9) or <c>sgd</c> (lr 1e-2).</param>
/// <param name="BatchSize">Samples per step.</param>
public sealed record TrainWorkload(string Name, int[] LayerSizes, Normalization Normalization, string Activation, string Optimizer, int BatchSize)
{
    /// <summary>The probability of dropping each hidden unit in training (0: no dropout layers).</summary>
    public double DropProbability { get; init; }

    /// <summary>The input width.</summary>
    public int InputSize => LayerSizes[0];

    /// <summary>The number of classes.</summary>
    public int Classes => LayerSizes[^1];

    /// <summary>The architecture as <c>3072-500-500-500-10</c>.</summary>
    public string Shape => string.Join('-', LayerSizes);

    /// <summary>
    /// The architecture with runs of three or more equal hidden widths written once, as <c>3072-200×10-10</c>: short
    /// enough for help to wrap it in a narrow column.
    /// </summary>
    public string CompactShape
    {
        get
        {
            var parts = new List<string>();
            for (int i = 0; i < LayerSizes.Length;)
            {
                int run = 1;
                while (i + run < LayerSizes.Length && LayerSizes[i + run] == LayerSizes[i]) run++;
                parts.AddRange(run >= 3 ? [$"{LayerSizes[i]}×{run}"] : Enumerable.Repeat(LayerSizes[i].ToString(System.Globalization.CultureInfo.InvariantCulture), run));
                i += run;
            }
            return string.Join('-', parts);
        }
    }

    /// <summary>
    /// Builds the network: per hidden layer Linear, the normalization, the activation (fused into the normalize pass, or
    /// into the GEMM epilogue without normalization) and dropout; then the output Linear.
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
            int width = LayerSizes[i + 1];
            model.Add(new Linear<float>(LayerSizes[i], width, rng, activation: Normalization == Normalization.None ? fused : null));
            if (!hidden) continue;
            if (Normalization == Normalization.Batch) model.Add(new BatchNorm<float>(width, activation: fused));
            if (Normalization == Normalization.Layer) model.Add(new LayerNorm<float>(width, activation: fused));
            if (DropProbability > 0) model.Add(Dropout<float>.WithDropProbability(DropProbability, new Rng(seed + (ulong)i + 1)));
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
    public override string ToString() =>
        $"{Name}: {CompactShape}{Normalization switch { Normalization.Batch => ", batch norm", Normalization.Layer => ", layer norm", _ => "" }}, {Activation}"
        + $"{(DropProbability > 0 ? $", dropout {DropProbability}" : "")}, {Optimizer}, batch {BatchSize}";
}
