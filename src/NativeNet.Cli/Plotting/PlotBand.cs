namespace NativeNet.Cli.Plotting;

/// <summary>
/// One named curve of a chart with a shaded band around it, e.g. the mean over seeds between their minimum and
/// maximum; all four lists have equal lengths (points with a non-finite value are dropped when drawn).
/// </summary>
internal sealed record PlotBand(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Center, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
