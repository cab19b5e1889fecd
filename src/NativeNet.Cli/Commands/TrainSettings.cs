namespace NativeNet.Cli.Commands;

/// <summary>The parsed and validated options of <c>nativenet train</c>.</summary>
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
    double WeightDecay,
    int Epochs,
    int BatchSize,
    int? Validation,
    int? Classes,
    ulong Seed,
    int Threads,
    string OutDirectory,
    string? Resume,
    bool Overwrite,
    bool Plots,
    bool Json);
