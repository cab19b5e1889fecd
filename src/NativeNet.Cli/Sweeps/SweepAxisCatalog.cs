using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Sweeps;

/// <summary>The hyperparameters <c>nativenet sweep</c> can vary, in the order the grid nests them (the first varies slowest).</summary>
internal static class SweepAxisCatalog
{
    /// <summary>Every axis.</summary>
    public static Registry<SweepAxis> Registry { get; } = new("sweep axis",
    [
        new("lr", "initial learning rates", o => o.Lr, (s, v) => s with { LearningRate = v.LearningRate }, s => s.LearningRate),
        new("optimizer", "update rules", o => o.Optimizer, (s, v) => s with { Optimizer = v.Optimizer }, s => s.Optimizer),
        new("batch-size", "mini-batch sizes", o => o.BatchSize, (s, v) => s with { BatchSize = v.BatchSize }, s => s.BatchSize),
        new("hidden", "architectures (hidden widths joined by '-': 256-128,64 is two)", o => o.Hidden, (s, v) => s with { Hidden = v.Hidden },
            s => string.Join('-', s.Hidden)) { TrainValue = item => item.Replace('-', ',') },
        new("activation", "hidden-layer activations", o => o.Activation, (s, v) => s with { Activation = v.Activation }, s => s.Activation),
        new("seed", "seeds", o => o.Seed, (s, v) => s with { Seed = v.Seed }, s => s.Seed),
    ]);
}
