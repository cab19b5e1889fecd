using System.Globalization;

namespace NativeNet.Cli.Bench;

/// <summary>What <c>nativenet bench allreduce</c> measures and prints.</summary>
/// <param name="Sizes">Gradient sizes in bytes to time the all-reduce of.</param>
/// <param name="Repeats">Timed all-reduces per size; the best and the median are reported.</param>
/// <param name="Seconds">Timed seconds of training steps per workload (in one process).</param>
/// <param name="LatencySeconds">The modeled per-message latency.</param>
/// <param name="ModelPlot">Where to write the scaling model's plot (PNG and SVG, without extension), or null.</param>
/// <param name="Json">Print one JSON object instead of tables.</param>
public sealed record AllReduceBenchOptions(IReadOnlyList<long> Sizes, int Repeats, double Seconds, double LatencySeconds, string? ModelPlot, bool Json)
{
    /// <summary>Parses <c>4K,64K,1M,16M</c>: byte counts with an optional K (1024) or M (1024²) suffix, multiples of 4 (float32 elements).</summary>
    /// <exception cref="FormatException">An item is not such a size.</exception>
    public static long[] ParseSizes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Split(',', StringSplitOptions.TrimEntries).Select(item =>
        {
            string digits = item.TrimEnd('K', 'k', 'M', 'm');
            long unit = item.Length == digits.Length ? 1 : char.ToUpperInvariant(item[^1]) == 'K' ? 1024 : 1024 * 1024;
            if (item.Length - digits.Length > 1 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count <= 0 || count * unit % 4 != 0 || count * unit > int.MaxValue)
                throw new FormatException($"--sizes expects byte counts such as 4K,64K,1M: positive multiples of 4 below 2 GiB, K = 1024, M = 1024² (got '{item}')");
            return count * unit;
        })];
    }
}
