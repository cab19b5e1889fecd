namespace NativeNet.Cli.Playground;

/// <summary>The parsed and validated options of <c>nativenet playground</c>.</summary>
internal sealed record PlaygroundSettings(
    string Objective,
    IReadOnlyList<string> Optimizers,
    double[] LearningRates,
    double? Momentum,
    double Beta2,
    bool EpsilonInsideSqrt,
    double WeightDecay,
    double InverseTimeDecay,
    int Steps,
    double[]? Start,
    double Tolerance,
    double[] SingularValues,
    int Samples,
    int Dimension,
    string Data,
    ulong Seed,
    string OutDirectory,
    bool Plots,
    bool Json);
