using NativeNet.Cli.Plotting;

namespace NativeNet.Cli.Experiments;

/// <summary>
/// A chart a study asks for, drawn once every seed has run: its lines as they are over one seed, a mean line with a
/// min/max band over several (the i-th series of every seed being the same configuration).
/// </summary>
/// <param name="Name">The file name without extension, e.g. <c>loss</c>.</param>
/// <param name="SmoothingWindow">Moving-average window of noisy per-iteration series; 0 or 1 for none.</param>
internal sealed record LinePlot(string Name, string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series, int SmoothingWindow = 0, bool IntegerX = false);
