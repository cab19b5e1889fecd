namespace NativeNet.Cli.Bench;

/// <summary>
/// The catalog of <see cref="TrainWorkload"/>s, as in issue 8 and benchmarks/scripts/torch_workloads.py: its five
/// workloads, then the Fashion-MNIST network's step on random data (the issue's wall-time run without data loading).
/// </summary>
public static class TrainWorkloads
{
    /// <summary>Every workload, in the order the comparison prints them.</summary>
    public static IReadOnlyList<TrainWorkload> All { get; } =
    [
        new("cifar-bn", [3072, 500, 500, 500, 10], BatchNorm: true, "relu", "adam", 100),
        new("cifar-deep", [3072, 100, 100, 100, 100, 100, 10], BatchNorm: false, "relu", "momentum", 100),
        new("cifar-wide10", [3072, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 10], BatchNorm: false, "relu", "adam", 128),
        new("mnist-small", [784, 30, 10], BatchNorm: false, "sigmoid", "sgd", 10),
        new("mnist-bn", [784, 128, 64, 10], BatchNorm: true, "relu", "momentum", 60),
        new("fashion-mlp", [784, 256, 128, 10], BatchNorm: false, "relu", "adam", 128),
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
