namespace NativeNet.Cli.Plotting;

/// <summary>
/// One named curve of a chart with a shaded band around it, e.g. the mean over seeds between their minimum and
/// maximum; all four lists have equal lengths (points with a non-finite value are dropped when drawn).
/// </summary>
internal sealed record PlotBand(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Center, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper)
{
    /// <summary>
    /// Per point, the mean of <paramref name="runs"/> between their minimum and maximum, at the first run's x: the
    /// runs of one configuration over several seeds. Runs of unequal lengths are cut to the shortest.
    /// </summary>
    public static PlotBand Spread(string name, IReadOnlyList<PlotSeries> runs)
    {
        if (runs.Count == 0) throw new ArgumentException($"band '{name}' needs at least one run", nameof(runs));
        int length = runs.Min(r => Math.Min(r.X.Count, r.Y.Count));
        var mean = new double[length];
        var min = new double[length];
        var max = new double[length];
        for (int i = 0; i < length; i++)
        {
            mean[i] = runs.Average(r => r.Y[i]);
            min[i] = runs.Min(r => r.Y[i]);
            max[i] = runs.Max(r => r.Y[i]);
        }
        return new PlotBand(name, runs[0].X.Take(length).ToArray(), mean, min, max);
    }
}
