namespace NativeNet.Cli.Bench;

/// <summary>
/// Predicted time of one gradient all-reduce over P ranks, one rank per machine, on full-duplex links of
/// <see cref="LinkGigabitsPerSecond"/> with <see cref="LatencySeconds"/> per message, and the parallel efficiency of
/// a step that computes for some seconds and then reduces (the library does not overlap the two).
/// </summary>
/// <param name="LinkGigabitsPerSecond">Each machine's link, e.g. 10, 25 or 100 Gb/s.</param>
/// <param name="LatencySeconds">Time of one message besides its bytes (MPI over TCP: tens of µs; RDMA: a few µs).</param>
/// <param name="AddBytesPerSecond">Gradient bytes one rank adds into another vector per second (measured: <c>ShardTreeSum.Join</c>).</param>
public sealed record ScalingModel(double LinkGigabitsPerSecond, double LatencySeconds, double AddBytesPerSecond)
{
    /// <summary>The link speeds the documentation models, in Gb/s.</summary>
    public static IReadOnlyList<double> Links { get; } = [10, 25, 100];

    /// <summary>The rank counts the documentation predicts.</summary>
    public static IReadOnlyList<int> Ranks { get; } = [8, 32, 128];

    /// <summary>The default per-message latency: MPI over TCP on a data-center network.</summary>
    public const double DefaultLatencySeconds = 10e-6;

    private double BytesPerSecond => LinkGigabitsPerSecond * 1e9 / 8;

    /// <summary>
    /// A ring all-reduce: a reduce-scatter then an all-gather, 2(P − 1) messages of B/P bytes, so
    /// 2(P − 1)/P · B / bandwidth + 2(P − 1) · latency, plus adding (P − 1)/P · B bytes.
    /// </summary>
    public double RingSeconds(int ranks, double bytes) => ranks <= 1 ? 0
        : 2.0 * (ranks - 1) / ranks * bytes / BytesPerSecond + 2.0 * (ranks - 1) * LatencySeconds + (ranks - 1.0) / ranks * bytes / AddBytesPerSecond;

    /// <summary>
    /// The library's recursive doubling (<c>RankTreeSum</c>): log₂ P rounds, each exchanging the whole vector in both
    /// directions at once and adding it, so log₂ P · (B / bandwidth + latency + B / add rate).
    /// </summary>
    public double TreeSeconds(int ranks, double bytes) => ranks <= 1 ? 0
        : Math.Log2(ranks) * (bytes / BytesPerSecond + LatencySeconds + bytes / AddBytesPerSecond);

    /// <summary>The share of a step spent computing: compute / (compute + communication).</summary>
    public static double Efficiency(double computeSeconds, double communicationSeconds) => computeSeconds / (computeSeconds + communicationSeconds);
}
