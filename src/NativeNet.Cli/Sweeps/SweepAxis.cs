using System.CommandLine;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Sweeps;

/// <summary>
/// One hyperparameter a sweep varies: a <c>train</c> option that <c>sweep</c> takes as a comma-separated list of
/// values. Each value is parsed and checked by <c>train</c>'s own option, so it means what it means to <c>train</c>.
/// </summary>
/// <param name="Name">The option's name without dashes, e.g. <c>batch-size</c>.</param>
/// <param name="Description">What the axis varies, for help and docs.</param>
/// <param name="TrainOption">The <c>train</c> option that reads one value.</param>
/// <param name="Take">The settings with this axis's value taken from the second settings.</param>
/// <param name="Value">The axis's value in some settings, as the summary writes it.</param>
internal sealed record SweepAxis(string Name, string Description, Func<TrainOptions, Option> TrainOption,
    Func<TrainSettings, TrainSettings, TrainSettings> Take, Func<TrainSettings, object> Value) : IRegistryEntry
{
    /// <summary>The command-line option, e.g. <c>--batch-size</c>.</summary>
    public string OptionName => "--" + Name;

    /// <summary>The summary's column for this axis, e.g. <c>batch_size</c>.</summary>
    public string Field => Name.Replace('-', '_');

    /// <summary>
    /// How one list item is written to <c>train</c>'s option: a list item of <c>--hidden</c> joins its widths with
    /// '-' (<c>256-128,64</c> is two architectures), since ',' separates the items.
    /// </summary>
    public Func<string, string> TrainValue { get; init; } = item => item;
}
