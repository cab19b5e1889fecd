using NativeNet.Playground;
using ScottPlot;

namespace NativeNet.Cli.Plotting;

/// <summary>
/// The charts the CLI writes, each saved as PNG and SVG side by side: line charts of named series (loss, accuracy,
/// gradient norm, learning rate), lines with min/max bands (a mean over seeds) and contour plots with optimizer trajectories.
/// </summary>
internal static class Plots
{
    private const int Width = 900;
    private const int Height = 600;
    private const int MaxPointsPerSeries = 4000;
    private const float TitleSize = 16;
    private const float TitleMargin = 10;

    static Plots() => EmbeddedFonts.Register();

    /// <summary>Writes <c>{basePath}.png</c> and <c>{basePath}.svg</c>: every series as a line against x.</summary>
    /// <param name="smoothingWindow">When above 1, each series is drawn faintly and its moving average over this many points on top.</param>
    /// <returns>The two paths written.</returns>
    /// <param name="integerX">Put ticks on whole numbers only (epochs).</param>
    public static string[] Lines(string basePath, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, int smoothingWindow = 0, bool integerX = false)
    {
        using var plot = NewPlot(title, xLabel, yLabel);
        if (integerX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        bool legend = series.Count > 1 || smoothingWindow > 1;
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity, endSum = 0, endMin = double.PositiveInfinity, endMax = double.NegativeInfinity;
        int ends = 0;
        var palette = new ScottPlot.Palettes.Category10();
        var drawn = series.Select(line => { var (xs, ys) = Finite(line.X, line.Y); return Thin(xs, ys); }).ToList();
        foreach (var (_, ys) in drawn)
            foreach (double y in ys) { yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y); }
        // A diverging run (a loss of 10^9 before the solver stops it) would squash every other line onto one edge:
        // the axis ends at the bulk of the values' own range and such a run leaves the chart there.
        var (low, high) = VisibleRange([.. drawn.SelectMany(d => d.Y)]);
        bool clipped = yMin < low || yMax > high;
        (yMin, yMax) = (Math.Max(yMin, low), Math.Min(yMax, high));
        // Every faint raw line goes below every smoothed one, which would otherwise vanish under later runs' noise.
        for (int s = 0; s < series.Count && smoothingWindow > 1; s++)
            if (drawn[s].Y.Length > smoothingWindow) plot.Add.ScatterLine(drawn[s].X, drawn[s].Y, palette.GetColor(s).WithAlpha(0.25)).LineWidth = 1;
        for (int s = 0; s < series.Count; s++)
        {
            var (xs, ys) = drawn[s];
            if (xs.Length == 0) continue;
            var color = palette.GetColor(s);
            endSum += ys[^1];
            endMin = Math.Min(endMin, ys[^1]);
            endMax = Math.Max(endMax, ys[^1]);
            ends++;
            // A later run lying on this one (e.g. weight decay and its equivalent L2 penalty) would hide it
            // completely; drawn wider, this one shows on both sides of it.
            bool covered = Enumerable.Range(s + 1, series.Count - s - 1).Any(l => Coincide(drawn[s], drawn[l], yMax - yMin));
            float width = covered ? 6 : 2;
            if (smoothingWindow > 1 && ys.Length > smoothingWindow)
            {
                var smooth = plot.Add.ScatterLine(xs, MovingAverage(ys, smoothingWindow), color);
                smooth.LineWidth = width;
                smooth.LegendText = $"{series[s].Name} (moving average of {smoothingWindow})";
            }
            else
            {
                var line = plot.Add.ScatterLine(xs, ys, color);
                line.LineWidth = width;
                line.MarkerSize = xs.Length <= 60 ? 4 + width : 0;
                if (legend) line.LegendText = series[s].Name;
            }
        }
        // ScottPlot spans a flat line over ±1 around it, which squashes a constant learning rate of 0.01 onto the
        // middle of a -1…1 axis where it reads as 0; give it an axis scaled to its own value instead.
        if (ends > 0 && yMin == yMax)
        {
            plot.Axes.AutoScale();
            (double bottom, double top) = FlatSeriesRange(yMin);
            plot.Axes.SetLimitsY(bottom, top);
        }
        if (clipped)
        {
            double margin = 0.05 * (yMax - yMin);
            plot.Axes.AutoScale();
            plot.Axes.SetLimitsY(yMin - margin, yMax + margin);
        }
        // One or two curves end on the right: the legend fits in the corner they leave free; more get a side panel.
        if (legend && series.Count > 2) plot.ShowLegend(Edge.Right);
        else if (legend && ends > 0)
        {
            bool endsHigh = endSum / ends > (yMin + yMax) / 2;
            // Two curves ending near the top and the bottom leave only the middle of the right side free.
            bool endsApart = ends > 1 && endMax - endMin > 0.7 * (yMax - yMin);
            plot.ShowLegend(endsApart ? Alignment.MiddleRight : endsHigh ? Alignment.LowerRight : Alignment.UpperRight);
        }
        return Save(plot, basePath);
    }

    /// <summary>
    /// The y range a line chart shows of <paramref name="values"/>: all of them, unless some lie more than five times
    /// the spread of the middle 98 % (1st to 99th percentile) beyond it, as a diverging run's loss does; the range
    /// then ends there. No value is cut when the middle 98 % have no spread.
    /// </summary>
    internal static (double Low, double High) VisibleRange(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NegativeInfinity, double.PositiveInfinity);
        double[] sorted = [.. values.Order()];
        double first = sorted[(int)Math.Floor(0.01 * (sorted.Length - 1))], last = sorted[(int)Math.Ceiling(0.99 * (sorted.Length - 1))];
        double spread = last - first;
        return spread > 0
            ? (Math.Max(sorted[0], first - 5 * spread), Math.Min(sorted[^1], last + 5 * spread))
            : (sorted[0], sorted[^1]);
    }

    /// <summary>
    /// Whether two drawn series have the same x values and y values within 1 % of the chart's y range
    /// (<paramref name="yRange"/>), so that the later one would cover the earlier.
    /// </summary>
    internal static bool Coincide((double[] X, double[] Y) earlier, (double[] X, double[] Y) later, double yRange) =>
        earlier.X.Length == later.X.Length && earlier.X.SequenceEqual(later.X)
        && earlier.Y.Zip(later.Y).All(p => Math.Abs(p.First - p.Second) <= 0.01 * yRange);

    /// <summary>The y-axis range for a series whose every value is <paramref name="value"/>: ±10 % of it (±1 around 0).</summary>
    internal static (double Bottom, double Top) FlatSeriesRange(double value)
    {
        double half = value == 0 ? 1 : 0.1 * Math.Abs(value);
        return (value - half, value + half);
    }

    /// <summary>
    /// Writes <c>{basePath}.png</c> and <c>{basePath}.svg</c>: every band's center as a line against x, over a
    /// translucent fill between its lower and upper curve in the same color.
    /// </summary>
    /// <returns>The two paths written.</returns>
    public static string[] Bands(string basePath, string title, string xLabel, string yLabel, IReadOnlyList<PlotBand> bands, bool integerX = false)
    {
        using var plot = NewPlot(title, xLabel, yLabel);
        if (integerX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var palette = new ScottPlot.Palettes.Category10();
        for (int b = 0; b < bands.Count; b++)
        {
            var band = bands[b];
            if (band.X.Count != band.Center.Count || band.X.Count != band.Lower.Count || band.X.Count != band.Upper.Count)
                throw new ArgumentException($"A band needs as many center, lower and upper values as x values (band '{band.Name}').");
            var kept = Enumerable.Range(0, band.X.Count)
                .Where(i => double.IsFinite(band.X[i]) && double.IsFinite(band.Center[i]) && double.IsFinite(band.Lower[i]) && double.IsFinite(band.Upper[i]))
                .ToArray();
            if (kept.Length == 0) continue;
            var color = palette.GetColor(b);
            double[] xs = [.. kept.Select(i => band.X[i])];
            var fill = plot.Add.FillY(xs, [.. kept.Select(i => band.Lower[i])], [.. kept.Select(i => band.Upper[i])]);
            fill.FillStyle.Color = color.WithAlpha(0.2);
            fill.LineStyle.Width = 0;
            var line = plot.Add.ScatterLine(xs, [.. kept.Select(i => band.Center[i])], color);
            line.LineWidth = 2;
            line.MarkerSize = xs.Length <= 60 ? 5 : 0;
            line.LegendText = band.Name;
        }
        if (bands.Count > 0) plot.ShowLegend(Edge.Right);
        return Save(plot, basePath);
    }

    /// <summary>
    /// Writes a contour plot of a two-dimensional <paramref name="objective"/> over <paramref name="region"/> with the
    /// trajectories on top (start marked by a circle, end by a square) and the minimizers as stars. Levels are spaced
    /// logarithmically when the objective prefers it, so both the valley floor and the walls get lines.
    /// </summary>
    public static string[] Contour(string basePath, string title, IObjective objective, PlotRegion region, IReadOnlyList<Trajectory2D> trajectories)
    {
        if (objective.Dimension != 2)
            throw new ArgumentException($"A contour plot needs a two-dimensional objective; {objective.Name} has {objective.Dimension} dimensions.", nameof(objective));
        using var plot = NewPlot(title, "x", "y");

        const int n = 160;
        var grid = new Coordinates3d[n, n];
        Span<double> p = stackalloc double[2];
        double lowest = double.PositiveInfinity;
        var values = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                p[0] = region.XMin + (region.XMax - region.XMin) * j / (n - 1);
                p[1] = region.YMin + (region.YMax - region.YMin) * i / (n - 1);
                values[i, j] = objective.Value(p);
                lowest = Math.Min(lowest, values[i, j]);
            }
        double floor = Math.Min(lowest, objective.MinimumValue);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double x = region.XMin + (region.XMax - region.XMin) * j / (n - 1);
                double y = region.YMin + (region.YMax - region.YMin) * i / (n - 1);
                double z = values[i, j];
                // Log-spaced levels: equal steps of log10(f − f_min) are geometric steps of f.
                double level = objective.PrefersLogContours ? Math.Log10(z - floor + 1e-3) : Math.Sqrt(Math.Max(0, z - floor));
                grid[i, j] = new Coordinates3d(x, y, level);
            }
        var contours = plot.Add.ContourLines(grid, 18);
        contours.LabelStyle.IsVisible = false;
        contours.LineWidth = 1;
        contours.Colormap = new ScottPlot.Colormaps.Viridis();

        var palette = new ScottPlot.Palettes.Category10();
        for (int t = 0; t < trajectories.Count; t++)
        {
            var (xs, ys) = Finite(trajectories[t].X, trajectories[t].Y);
            if (xs.Length == 0) continue;
            (xs, ys) = Thin(xs, ys);
            var color = palette.GetColor(t);
            var line = plot.Add.ScatterLine(xs, ys, color);
            // Earlier paths are drawn wider so that a later one running along the same valley leaves them visible.
            line.LineWidth = Math.Min(5f, 2f + (trajectories.Count - 1 - t));
            line.MarkerSize = xs.Length <= 200 ? 4 : 0;
            line.LegendText = trajectories[t].Name;
            plot.Add.Marker(xs[0], ys[0], MarkerShape.FilledCircle, 10, color);
            plot.Add.Marker(xs[^1], ys[^1], MarkerShape.FilledSquare, 10, color);
        }
        // Minimizers last, so that the paths that reach them do not hide them.
        for (int m = 0; m < objective.Minimizers.Count; m++)
        {
            var marker = plot.Add.Marker(objective.Minimizers[m][0], objective.Minimizers[m][1], MarkerShape.Eks, 16, Colors.Black);
            marker.MarkerLineWidth = 2.5f;
            if (m == 0) marker.LegendText = objective.Minimizers.Count == 1 ? "minimizer" : "minimizers";
        }
        if (trajectories.Count > 0) plot.ShowLegend(Edge.Right);
        plot.Axes.SetLimits(region.XMin, region.XMax, region.YMin, region.YMax);
        return Save(plot, basePath);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(EmbeddedFonts.Family);
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        return plot;
    }

    /// <summary>
    /// <paramref name="title"/> broken at spaces into lines no wider than <paramref name="maxWidth"/> pixels in the
    /// title's font (a single word wider than that keeps a line of its own).
    /// </summary>
    internal static IReadOnlyList<string> TitleLines(string title, float maxWidth)
    {
        // Measured with the label of a chart like the one drawn, so that its font, size and weight are the same.
        using var plot = new Plot();
        plot.Font.Set(EmbeddedFonts.Family);
        plot.Title(title, TitleSize);
        var label = plot.Axes.Title.Label;
        using var paint = Paint.NewDisposablePaint();
        float WidthOf(string text)
        {
            label.Text = text;
            return label.Measure(paint).Width;
        }
        var lines = new List<string>();
        string line = "";
        foreach (string word in title.Split(' '))
        {
            string longer = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && WidthOf(longer) > maxWidth)
            {
                lines.Add(line);
                line = word;
            }
            else line = longer;
        }
        lines.Add(line);
        return lines;
    }

    private static string[] Save(Plot plot, string basePath)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(basePath));
        if (directory is not null) Directory.CreateDirectory(directory);
        string png = basePath + ".png", svg = basePath + ".svg";
        WrapTitle(plot);
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }

    // The title is centered over the data area, which a side legend pushes to the left, so a long one (a study's
    // setup and the options that replaced part of it) ran off the left edge: it is wrapped to fit on both sides of
    // that center. The title's height does not move the data area sideways, so one layout pass finds the room.
    private static void WrapTitle(Plot plot)
    {
        plot.RenderInMemory(Width, Height);
        float center = plot.LastRender.DataRect.HorizontalCenter;
        float room = 2 * (Math.Min(center, Width - center) - TitleMargin);
        plot.Axes.Title.Label.Text = string.Join('\n', TitleLines(plot.Axes.Title.Label.Text, room));
    }

    private static (double[] X, double[] Y) Finite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"A series needs as many x as y values (got {x.Count} and {y.Count}).");
        var xs = new List<double>(x.Count);
        var ys = new List<double>(y.Count);
        for (int i = 0; i < x.Count; i++)
            if (double.IsFinite(x[i]) && double.IsFinite(y[i])) { xs.Add(x[i]); ys.Add(y[i]); }
        return ([.. xs], [.. ys]);
    }

    // Long runs (10^5 steps) are thinned to a few thousand points; the first and last points are always kept.
    private static (double[] X, double[] Y) Thin(double[] x, double[] y)
    {
        if (x.Length <= MaxPointsPerSeries) return (x, y);
        double stride = (x.Length - 1) / (double)(MaxPointsPerSeries - 1);
        var xs = new double[MaxPointsPerSeries];
        var ys = new double[MaxPointsPerSeries];
        for (int i = 0; i < MaxPointsPerSeries; i++)
        {
            int k = i == MaxPointsPerSeries - 1 ? x.Length - 1 : (int)(i * stride);
            xs[i] = x[k];
            ys[i] = y[k];
        }
        return (xs, ys);
    }

    /// <summary>The mean of each point and the up to <paramref name="window"/> − 1 before it: the smoothed line of <see cref="Lines"/>.</summary>
    public static double[] MovingAverage(double[] y, int window)
    {
        var result = new double[y.Length];
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i];
            if (i >= window) sum -= y[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
