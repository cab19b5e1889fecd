using NativeNet.Cli.Sweeps;

namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet sweep</c>: the grid's runs, where they go and what is printed.</summary>
internal sealed record SweepSettings
{
    /// <summary>Every run of the grid, in order.</summary>
    public required IReadOnlyList<SweepPoint> Points { get; init; }

    /// <summary>The axes given as lists, in the registry's order: the columns that tell runs apart.</summary>
    public required IReadOnlyList<SweepAxis> Varied { get; init; }

    public required string OutDirectory { get; init; }
    public required bool Plots { get; init; }
    public required bool Json { get; init; }
}
