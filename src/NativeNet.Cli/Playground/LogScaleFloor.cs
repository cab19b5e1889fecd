namespace NativeNet.Cli.Playground;

/// <summary>
/// The lowest value a log-scale playground plot shows: <see cref="Relative"/> times the curves' starting value.
/// Without it one rule that reaches 1e-106 stretches the axis so far that every other curve looks flat.
/// </summary>
internal static class LogScaleFloor
{
    /// <summary>The floor as a fraction of the largest starting value of the curves.</summary>
    public const double Relative = 1e-12;

    /// <summary>The floor of curves <paramref name="curves"/>: <see cref="Relative"/> times the largest first positive value, or 0 when none is positive.</summary>
    public static double Of(IEnumerable<IReadOnlyList<double>> curves)
    {
        double start = 0;
        foreach (var curve in curves)
            foreach (double y in curve)
                if (double.IsFinite(y) && y > 0) { start = Math.Max(start, y); break; }
        return start * Relative;
    }

    /// <summary>log10 of each value, values at or below <paramref name="floor"/> (exact minima included) drawn at the floor; non-finite or, without a floor, non-positive values become NaN.</summary>
    public static double[] Log10Clipped(IReadOnlyList<double> values, double floor)
    {
        var logs = new double[values.Count];
        for (int i = 0; i < logs.Length; i++)
        {
            double y = values[i];
            logs[i] = double.IsNaN(y) || double.IsInfinity(y) ? double.NaN
                : floor > 0 && y <= floor ? Math.Log10(floor)
                : y > 0 ? Math.Log10(y) : double.NaN;
        }
        return logs;
    }
}
