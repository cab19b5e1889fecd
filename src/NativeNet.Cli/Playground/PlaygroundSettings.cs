namespace NativeNet.Cli.Playground;

/// <summary>The parsed and validated options of <c>nativenet playground</c>, each named as its option.</summary>
internal sealed record PlaygroundSettings
{
    /// <summary>The name of the objective in <see cref="ObjectiveCatalog.Registry"/>.</summary>
    public required string Objective { get; init; }

    /// <summary>Names in <see cref="Optimizers.OptimizerCatalog.Registry"/>; every one runs at every rate of <see cref="LearningRates"/>.</summary>
    public required IReadOnlyList<string> Optimizers { get; init; }

    public required double[] LearningRates { get; init; }

    /// <summary>μ, rmsprop's momentum or β₁; null for each rule's own.</summary>
    public double? Momentum { get; init; }

    public double Beta2 { get; init; } = 0.999;

    public bool EpsilonInsideSqrt { get; init; }

    public double WeightDecay { get; init; }

    public double InverseTimeDecay { get; init; }

    public required int Steps { get; init; }

    /// <summary>The start point; null for the objective's own.</summary>
    public double[]? Start { get; init; }

    public required double Tolerance { get; init; }

    /// <summary>What sizes and seeds the objective.</summary>
    public required ObjectiveArguments Arguments { get; init; }

    public ulong Seed => Arguments.Seed;

    public required string OutDirectory { get; init; }

    public bool Plots { get; init; } = true;

    public bool Json { get; init; }
}
