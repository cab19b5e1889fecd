namespace NativeNet.Cli.Experiments;

/// <summary>The spread of one measurement over the seeds of a configuration.</summary>
internal static class SeedStatistics
{
    /// <summary>The n − 1 estimate, 0 for a single seed, so that one seed reports no spread rather than NaN.</summary>
    public static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
