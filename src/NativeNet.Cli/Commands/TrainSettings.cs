using NativeNet.Cli.Schedules;

namespace NativeNet.Cli.Commands;

/// <summary>
/// The parsed and validated options of <c>nativenet train</c>. <see cref="WeightDecayMode"/> is coupled, decoupled,
/// unscaled or null (the optimizer's own); <see cref="L2Convention"/> is half (½λ‖W‖²) or full (λ‖W‖²).
/// <see cref="Schedule"/> is --schedule, or null (then --lr-decay, 1 meaning a constant rate).
/// </summary>
internal sealed record TrainSettings(
    DataSpec Data,
    IReadOnlyList<int> Hidden,
    string Activation,
    string Norm,
    double Dropout,
    string Init,
    double WeightScale,
    string Optimizer,
    double LearningRate,
    double? Momentum,
    double LearningRateDecay,
    ScheduleSpec? Schedule,
    double WeightDecay,
    string? WeightDecayMode,
    double L2,
    string L2Convention,
    double L1,
    int Epochs,
    int BatchSize,
    bool DropLast,
    int? Validation,
    int? TrainSubset,
    int? Classes,
    ulong Seed,
    int Threads,
    string OutDirectory,
    string? Resume,
    bool Overwrite,
    bool RestoreBest,
    bool Plots,
    bool Json,
    bool TestEveryEpoch)
{
    /// <summary>Train in float64 instead of float32 (<c>--double</c>); the checkpoint records the type as its dtype.</summary>
    public bool Double { get; init; }

    /// <summary><c>--distributed</c>: none, mpi, or null to train over MPI exactly when an MPI launcher started the process.</summary>
    public string? Distributed { get; init; }

    /// <summary><c>--shards</c>: the shards of each minibatch in data-parallel training, or null (the default under MPI, the plain solver otherwise).</summary>
    public int? Shards { get; init; }
}
