namespace NativeNet.Cli.Playground;

/// <summary>The parsed and validated options of <c>nativenet playground</c>.</summary>
internal sealed record PlaygroundSettings(
    string Objective,
    IReadOnlyList<string> Optimizers,
    double LearningRate,
    double? Momentum,
    double WeightDecay,
    double LearningRateDecay,
    int Steps,
    double[]? Start,
    double Tolerance,
    double[] SingularValues,
    int Samples,
    int Dimension,
    ulong Seed,
    string OutDirectory,
    bool Plots,
    bool Json);
