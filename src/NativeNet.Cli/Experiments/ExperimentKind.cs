using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Experiments;

/// <summary>
/// One <c>nativenet experiment NAME</c>: what it compares, its runs and plots for the docs, its defaults and the
/// study method that trains and plots it.
/// </summary>
internal sealed record ExperimentKind : IRegistryEntry
{
    public required string Name { get; init; }

    /// <summary>What the study shows, for the help text.</summary>
    public required string Description { get; init; }

    /// <summary>The runs on the defaults, for the table in docs/cli.md.</summary>
    public required string Runs { get; init; }

    /// <summary>The plots written, for the table in docs/cli.md.</summary>
    public required string Plots { get; init; }

    /// <summary>Trains the runs of one seed, records the plots and returns the extra columns and, per run (or per configuration), their values.</summary>
    public required Func<Study, (string[] Columns, List<object?[]> Rows)> Run { get; init; }

    public int DefaultEpochs { get; init; } = 10;

    public int DefaultSeeds { get; init; } = 1;

    /// <summary>
    /// Whether the study runs its own seeds (and writes one row per configuration with their statistics) rather than
    /// being repeated once per seed by the runner.
    /// </summary>
    public bool RunsSeedsItself { get; init; }

    /// <summary>The options whose setting the study varies itself, which it therefore refuses, e.g. <c>--lr</c> for lr-sweep.</summary>
    public IReadOnlyList<string> Compares { get; init; } = [];
}
