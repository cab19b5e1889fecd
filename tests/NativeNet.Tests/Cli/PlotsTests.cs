using NativeNet.Cli.Plotting;
using NativeNet.Playground;

namespace NativeNet.Tests.Cli;

public class PlotsTests
{
    private static TrainingCurves SyntheticRun()
    {
        const int iterations = 600, epochs = 6;
        var rng = new NativeNet.Tensors.Rng(1);
        var it = Enumerable.Range(1, iterations).Select(i => (double)i).ToArray();
        var loss = it.Select(i => 2.3 * Math.Exp(-i / 150) + 0.1 + 0.15 * rng.NextDouble()).ToArray();
        var norm = it.Select(i => 5 * Math.Exp(-i / 300) + rng.NextDouble()).ToArray();
        var lr = it.Select(i => 1e-3 * Math.Pow(0.9, Math.Floor((i - 1) / 100))).ToArray();
        var ep = Enumerable.Range(1, epochs).Select(e => (double)e).ToArray();
        var train = ep.Select(e => 1 - 0.5 * Math.Exp(-e / 2)).ToArray();
        var val = ep.Select(e => 0.97 - 0.5 * Math.Exp(-e / 2)).ToArray();
        return new TrainingCurves(it, loss, norm, lr, ep, train, val);
    }

    [Fact]
    public void TrainingPlotsAreWrittenAsValidImages()
    {
        using var dir = new TempDirectory();
        var files = TrainingPlots.Write(dir.Path, "synthetic", SyntheticRun());
        Assert.Equal(8, files.Count);
        foreach (var name in new[] { "loss", "accuracy", "grad-norm", "learning-rate" })
        {
            ImageAssert.ValidPng(dir.File(name + ".png"));
            ImageAssert.ValidSvg(dir.File(name + ".svg"));
        }
        Assert.Contains("validation", File.ReadAllText(dir.File("accuracy.svg")));
    }

    [Fact]
    public void ChartsAreDrawnInTheFontTheCliCarries()
    {
        // Read from the CLI's own resources, not from the machine's fonts, which a fresh container does not have. The
        // faces are cached for every chart: not disposed here.
        var fonts = new EmbeddedFonts();
        var regular = fonts.CreateTypeface(EmbeddedFonts.Family, bold: false, italic: false);
        var bold = fonts.CreateTypeface("dejavu sans", ScottPlot.FontWeight.Bold, ScottPlot.FontSlant.Upright, ScottPlot.FontSpacing.Normal);
        Assert.NotNull(regular);
        Assert.NotNull(bold);
        Assert.Equal(EmbeddedFonts.Family, regular.FamilyName);
        Assert.Equal((int)SkiaSharp.SKFontStyleWeight.Normal, regular.FontWeight);
        Assert.Equal((int)SkiaSharp.SKFontStyleWeight.Bold, bold.FontWeight);
        Assert.True(regular.ContainsGlyphs("accuracy (%) × µ ₂"));
        Assert.Null(fonts.CreateTypeface("Comic Sans MS", bold: false, italic: false));
        using var dir = new TempDirectory();
        Plots.Lines(dir.File("font"), "title", "x", "y", [new PlotSeries("s", [1, 2], [3, 4])]);
        Assert.Contains($"font-family=\"{EmbeddedFonts.Family}\"", File.ReadAllText(dir.File("font.svg")));
    }

    [Fact]
    public void AccuracyIsPlottedInPercentLikeTheConsole()
    {
        using var dir = new TempDirectory();
        TrainingPlots.Write(dir.Path, "synthetic", SyntheticRun());
        Assert.Contains(PlotSeries.AccuracyPercentLabel, File.ReadAllText(dir.File("accuracy.svg")));
        PlotSeries percent = PlotSeries.Percent("validation", [1, 2, 3], [0.5, 0.875, double.NaN]);
        Assert.Equal(50, percent.Y[0], 12);
        Assert.Equal(87.5, percent.Y[1], 12);
        Assert.True(double.IsNaN(percent.Y[2]));
    }

    [Fact]
    public void AConstantSeriesGetsAnAxisAroundItsOwnValue()
    {
        (double bottom, double top) = Plots.FlatSeriesRange(0.01);
        Assert.Equal(0.009, bottom, 12);
        Assert.Equal(0.011, top, 12);
        (bottom, top) = Plots.FlatSeriesRange(-2);
        Assert.Equal(-2.2, bottom, 12);
        Assert.Equal(-1.8, top, 12);
        Assert.Equal((-1.0, 1.0), Plots.FlatSeriesRange(0));
        using var dir = new TempDirectory();
        Plots.Lines(dir.File("lr"), "constant", "iteration", "learning rate", [new PlotSeries("lr", [1, 2, 3], [0.01, 0.01, 0.01])]);
        ImageAssert.ValidPng(dir.File("lr.png"));
        // The ticks are the value's own neighbourhood, not -1…1 around zero.
        Assert.Contains("0.01", File.ReadAllText(dir.File("lr.svg")));
    }

    [Fact]
    public void NonFiniteValuesAreSkippedNotDrawn()
    {
        using var dir = new TempDirectory();
        Plots.Lines(dir.File("gaps"), "gaps", "x", "y", [new PlotSeries("s", [1, 2, 3, 4], [1, double.NaN, double.PositiveInfinity, 2])]);
        ImageAssert.ValidPng(dir.File("gaps.png"));
        Assert.Throws<ArgumentException>(() => Plots.Lines(dir.File("bad"), "bad", "x", "y", [new PlotSeries("s", [1, 2], [1])]));
    }

    [Fact]
    public void ALongTitleIsWrappedAtSpacesIntoLinesThatFit()
    {
        const string title = "Mean layer gradient norm (6×64 relu, momentum) with --hidden 32,32 --norm batch --optimizer adam --lr 0.001 --batch-size 32";
        const float room = 400;
        var lines = Plots.TitleLines(title, room);
        Assert.True(lines.Count >= 3, string.Join(" | ", lines));
        Assert.Equal(title, string.Join(' ', lines));
        for (int i = 0; i < lines.Count; i++)
        {
            // Each line fits, and the next line's first word would not have.
            Assert.Single(Plots.TitleLines(lines[i], room));
            if (i + 1 < lines.Count) Assert.Equal(2, Plots.TitleLines($"{lines[i]} {lines[i + 1].Split(' ')[0]}", room).Count);
        }
        Assert.Equal(["Training loss"], Plots.TitleLines("Training loss", room));
        Assert.Equal(["a", "--an-option-wider-than-the-room", "b"], Plots.TitleLines("a --an-option-wider-than-the-room b", 50));

        // With three series the legend takes the right side and narrows the room around the data area's center.
        using var dir = new TempDirectory();
        double[] x = [1, 2, 3];
        Plots.Lines(dir.File("long"), title, "x", "y", [new PlotSeries("a", x, [1, 2, 3]), new PlotSeries("b", x, [3, 2, 1]), new PlotSeries("c", x, [2, 2, 2])]);
        string svg = File.ReadAllText(dir.File("long.svg"));
        Assert.DoesNotContain(title, svg);
        Assert.Contains("--batch-size 32", svg);
    }

    [Fact]
    public void ASeriesCoincidesWithAnotherOnlyAtTheSameXWithinOnePercentOfTheRange()
    {
        (double[], double[]) a = ([1, 2, 3], [0, 5, 10]);
        Assert.True(Plots.Coincide(a, ([1, 2, 3], [0.1, 5, 9.9]), yRange: 10));
        Assert.False(Plots.Coincide(a, ([1, 2, 3], [0.2, 5, 10]), yRange: 10));
        Assert.False(Plots.Coincide(a, ([1, 2, 4], [0, 5, 10]), yRange: 10));
        Assert.False(Plots.Coincide(a, ([1, 2], [0, 5]), yRange: 10));
    }

    [Fact]
    public void ADivergingRunLeavesTheChartInsteadOfSquashingTheOthers()
    {
        // 200 losses falling from 2.5 to 0 and one run's last loss of 2·10^9.
        double[] losses = [.. Enumerable.Range(0, 200).Select(i => 2.5 * (1 - i / 199.0)), 2e9];
        var (low, high) = Plots.VisibleRange(losses);
        Assert.Equal(0, low);
        Assert.InRange(high, 2.5, 20);
        // Without the outlier nothing is cut, nor around a flat series with one spike.
        Assert.Equal((0.0, 2.5), Plots.VisibleRange(losses[..^1]));
        Assert.Equal((2.3, 50.0), Plots.VisibleRange([.. Enumerable.Repeat(2.3, 200), 50]));
        using var dir = new TempDirectory();
        double[] x = [.. Enumerable.Range(1, losses.Length).Select(i => (double)i)];
        Plots.Lines(dir.File("diverged"), "diverged", "iteration", "loss", [new PlotSeries("diverged", x, losses), new PlotSeries("stable", x, [.. losses[..^1], 0])]);
        // The ticks are those of the stable loss, not of a 0…2·10^9 axis.
        Assert.DoesNotContain("1,000,000,000", File.ReadAllText(dir.File("diverged.svg")));
    }

    [Fact]
    public void ContourNeedsTwoDimensions()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() => Plots.Contour(dir.File("c"), "c", new DiagonalQuadraticObjective([1.0, 2.0, 3.0]), new PlotRegion(-1, 1, -1, 1), []));
        Assert.Contains("3 dimensions", e.Message);
    }
}
