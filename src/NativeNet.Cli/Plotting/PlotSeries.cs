namespace NativeNet.Cli.Plotting;

/// <summary>One named line of a chart: y against x (equal lengths; non-finite points are dropped when drawn).</summary>
internal sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Axis label of an accuracy chart; accuracy is plotted in percent, as the console and docs state it.</summary>
    public const string AccuracyPercentLabel = "accuracy (%)";

    /// <summary>A series of fractions in [0, 1] (accuracies) as percent: y times 100, so charts read like the console.</summary>
    public static PlotSeries Percent(string name, IReadOnlyList<double> x, IReadOnlyList<double> fractions) =>
        new(name, x, fractions.Select(f => 100 * f).ToArray());
}
