namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet experiment NAME</c>.</summary>
/// <param name="Samples">Training samples the overfit study trains on.</param>
/// <param name="Seeds">Seeds per configuration of the batch-size study (Seed, Seed + 1, …).</param>
/// <param name="Tolerance">How far below the best mean final training accuracy a batch-size configuration still agrees with it.</param>
internal sealed record ExperimentSettings(string Name, string OutDirectory, ulong Seed, int Epochs, bool Json,
    int Samples = ExperimentCommand.DefaultSamples, int Seeds = ExperimentCommand.DefaultSeeds, double Tolerance = ExperimentCommand.DefaultTolerance);
