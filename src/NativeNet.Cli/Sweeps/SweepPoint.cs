using NativeNet.Cli.Commands;

namespace NativeNet.Cli.Sweeps;

/// <summary>One run of a sweep: its number in the grid and the settings it trains with.</summary>
internal sealed record SweepPoint(int Index, TrainSettings Settings)
{
    /// <summary>The folder of this run's checkpoint, histories and plots inside the sweep's output folder.</summary>
    public string Folder => $"run-{Index:D3}";

    /// <summary>Every axis's value in this run, by summary field, in the registry's order.</summary>
    public IEnumerable<KeyValuePair<string, object>> Values =>
        SweepAxisCatalog.Registry.All.Select(axis => new KeyValuePair<string, object>(axis.Field, axis.Value(Settings)));
}
