using NativeNet.Models;

namespace NativeNet.Cli.Bench;

/// <summary>
/// The catalog of <see cref="TrainWorkload"/>s, as in benchmarks/scripts/torch_workloads.py: the classic workloads,
/// the Fashion-MNIST network's step on random data, and that network with other activations, normalizations and dropout.
/// </summary>
public static class TrainWorkloads
{
    /// <summary>Every workload, in the order the comparison prints them.</summary>
    public static IReadOnlyList<TrainWorkload> All { get; } =
    [
        new("cifar-bn", [3072, 500, 500, 500, 10], Normalization.Batch, "relu", "adam", 100),
        new("cifar-deep", [3072, 100, 100, 100, 100, 100, 10], Normalization.None, "relu", "momentum", 100),
        new("cifar-wide10", [3072, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 10], Normalization.None, "relu", "adam", 128),
        new("mnist-small", [784, 30, 10], Normalization.None, "sigmoid", "sgd", 10),
        new("mnist-bn", [784, 128, 64, 10], Normalization.Batch, "relu", "momentum", 60),
        new("fashion-mlp", [784, 256, 128, 10], Normalization.None, "relu", "adam", 128),
        // What users build besides ReLU: the fashion-mlp network with other activations, layer norm and dropout, and
        // cifar-bn with GELU; mish and user_swish are declared outside the library (BenchmarkActivations), as a user's would be.
        new("fashion-gelu", [784, 256, 128, 10], Normalization.None, "gelu", "adam", 128),
        new("fashion-ln", [784, 256, 128, 10], Normalization.Layer, "relu", "adam", 128),
        new("fashion-ln-gelu", [784, 256, 128, 10], Normalization.Layer, "gelu", "adam", 128),
        new("fashion-swish", [784, 256, 128, 10], Normalization.None, "swish", "adam", 128),
        new("fashion-mish", [784, 256, 128, 10], Normalization.None, "mish", "adam", 128),
        new("fashion-user-swish", [784, 256, 128, 10], Normalization.None, "user_swish", "adam", 128),
        new("fashion-dropout", [784, 256, 128, 10], Normalization.None, "relu", "adam", 128) { DropProbability = 0.2 },
        new("cifar-bn-gelu", [3072, 500, 500, 500, 10], Normalization.Batch, "gelu", "adam", 100),
    ];

    /// <summary>The workload names, for help and errors.</summary>
    public static IEnumerable<string> Names => All.Select(w => w.Name);

    /// <summary>The workload called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No workload has that name; the message lists them.</exception>
    public static TrainWorkload Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var w in All)
            if (string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)) return w;
        throw new ArgumentException($"Unknown workload '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
    }
}
