using NativeNet.Cli.Schedules;

namespace NativeNet.Cli.Commands;

/// <summary>
/// The parsed and validated options of <c>nativenet train</c>. <see cref="WeightDecayMode"/> is coupled, decoupled,
/// unscaled or null (the optimizer's own); <see cref="L2Convention"/> is half (½λ‖W‖²) or full (λ‖W‖²).
/// <see cref="Schedule"/> is --schedule, or null (then --lr-decay, 1 meaning a constant rate).
/// </summary>
internal sealed record TrainSettings
{
    public required DataSpec Data { get; init; }
    public required IReadOnlyList<int> Hidden { get; init; }
    public required string Activation { get; init; }
    public required string Norm { get; init; }
    public required double Dropout { get; init; }
    public required string Init { get; init; }
    public required double WeightScale { get; init; }
    public required string Optimizer { get; init; }
    public required double LearningRate { get; init; }
    public required double? Momentum { get; init; }
    public required double LearningRateDecay { get; init; }
    public required ScheduleSpec? Schedule { get; init; }
    public required double WeightDecay { get; init; }
    public required string? WeightDecayMode { get; init; }
    public required double L2 { get; init; }
    public required string L2Convention { get; init; }
    public required double L1 { get; init; }
    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public required bool DropLast { get; init; }
    public required int? Validation { get; init; }
    public required int? TrainSubset { get; init; }
    public required int? Classes { get; init; }
    public required ulong Seed { get; init; }
    public required int Threads { get; init; }
    public required string OutDirectory { get; init; }
    public required string? Resume { get; init; }
    public required bool Overwrite { get; init; }
    public required bool RestoreBest { get; init; }
    public required bool Plots { get; init; }
    public required bool Json { get; init; }
    public required bool TestEveryEpoch { get; init; }

    /// <summary><c>--task</c>: a <see cref="Tasks.TaskCatalog"/> name.</summary>
    public string Task { get; init; } = Tasks.TaskCatalog.Default;

    /// <summary><c>--patience</c>: stop after this many epochs without validation improvement, or null to train every epoch.</summary>
    public int? Patience { get; init; }

    /// <summary><c>--min-delta</c>: the smallest change of the validation metric that counts as an improvement for --patience.</summary>
    public double MinDelta { get; init; }

    /// <summary>Train in float64 instead of float32 (<c>--double</c>); the checkpoint records the type as its dtype.</summary>
    public bool Double { get; init; }

    /// <summary><c>--distributed</c>: none, mpi, or null to train over MPI exactly when an MPI launcher started the process.</summary>
    public string? Distributed { get; init; }

    /// <summary><c>--shards</c>: the shards of each minibatch in data-parallel training, or null (the default under MPI, the plain solver otherwise).</summary>
    public int? Shards { get; init; }
}
