namespace NativeNet.Cli.Plotting;

/// <summary>One named line of a chart: y against x (equal lengths; non-finite points are dropped when drawn).</summary>
internal sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
