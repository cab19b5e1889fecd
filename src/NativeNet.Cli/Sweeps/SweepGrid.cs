using System.CommandLine;
using NativeNet.Cli.Commands;

namespace NativeNet.Cli.Sweeps;

/// <summary>
/// The cartesian product of a sweep's lists: one <see cref="SweepPoint"/> per combination, numbered with the first
/// axis varying slowest. Each value goes through <c>train</c>'s own option, so its checks and defaults apply.
/// </summary>
internal static class SweepGrid
{
    // train's options in a command of their own, to parse one value of an axis exactly as train would.
    private static readonly TrainOptions Probe = new();
    private static readonly Command ProbeCommand = ProbeCommandOf(Probe);

    /// <summary>The items of one list option's text, e.g. <c>1e-3,1e-2</c>.</summary>
    public static string[] Items(string text) => text.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>The first error of <paramref name="item"/> as a value of <paramref name="axis"/>, or null when train accepts it.</summary>
    public static string? Check(SweepAxis axis, string item)
    {
        var errors = ProbeCommand.Parse([axis.OptionName, axis.TrainValue(item)]).Errors;
        return errors.Count == 0 ? null : errors[0].Message;
    }

    /// <summary>Every combination of <paramref name="lists"/> (an axis left out keeps <paramref name="baseline"/>'s value).</summary>
    public static IReadOnlyList<SweepPoint> Points(TrainSettings baseline, IReadOnlyDictionary<SweepAxis, string[]> lists)
    {
        var points = new List<SweepPoint> { new(0, baseline) };
        foreach (var axis in SweepAxisCatalog.Registry.All)
        {
            if (!lists.TryGetValue(axis, out var items)) continue;
            var values = items.Select(item => Probe.Read(ProbeCommand.Parse([axis.OptionName, axis.TrainValue(item)]))).ToArray();
            points = [.. points.SelectMany(point => values.Select(value => point with { Settings = axis.Take(point.Settings, value) }))];
        }
        return [.. points.Select((point, index) => point with { Index = index })];
    }

    private static Command ProbeCommandOf(TrainOptions options)
    {
        var command = new Command("train");
        foreach (var option in options.All) command.Options.Add(option);
        return command;
    }
}
