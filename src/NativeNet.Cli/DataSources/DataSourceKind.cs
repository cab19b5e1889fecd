using NativeNet.Data;

namespace NativeNet.Cli.DataSources;

/// <summary>
/// One kind of <c>--data</c> value: its name, its syntax and what it reads. <see cref="All"/> is the one list that
/// the parser, its errors and the help text are built from.
/// </summary>
/// <param name="Name">The part before the first colon, e.g. <c>cifar100</c>.</param>
/// <param name="Syntax">The whole form, e.g. <c>cifar100:DIR[:coarse]</c>.</param>
/// <param name="Description">What it reads, for the help text; null when the syntax says it.</param>
/// <param name="LocationName">What follows the colon ("directory" or "file"); null when nothing may.</param>
/// <param name="TakesClassCount">Whether the class count comes from the data or <c>--classes</c> rather than being fixed.</param>
internal sealed record DataSourceKind(string Name, string Syntax, string? Description, string? LocationName, bool TakesClassCount)
{
    /// <summary>Every kind, in the order the help text lists them.</summary>
    public static IReadOnlyList<DataSourceKind> All { get; } =
    [
        new("digits", "digits", "embedded, default", null, false),
        new("fashion-mnist", "fashion-mnist", "Debian's dataset-fashion-mnist", null, false),
        new("mnist", "mnist:DIR", null, "directory", true),
        new("cifar10", "cifar10:DIR", VersionNames(CifarVersion.Cifar10Versions), "directory", false),
        new("cifar100", "cifar100:DIR[:coarse]", VersionNames(CifarVersion.Cifar100Versions), "directory", false),
        new("csv", "csv:FILE[:label-column]", "numeric CSV, the label in the last column unless given; --task regression: the target column, or columns a,b,…", "file", true),
    ];

    /// <summary>Every kind with its description, e.g. "digits (embedded, default) | fashion-mnist (...) | ...".</summary>
    public static string HelpText { get; } = string.Join(" | ", All.Select(kind => kind.Help));

    /// <summary>The kind named <paramref name="name"/>, or null.</summary>
    public static DataSourceKind? Find(string name) => All.FirstOrDefault(kind => kind.Name == name);

    /// <summary>The syntax with its description.</summary>
    public string Help => Description is null ? Syntax : $"{Syntax} ({Description})";

    // "binary or python version", "binary, python or matlab version".
    private static string VersionNames(IReadOnlyList<CifarVersion> versions)
    {
        var names = versions.Select(v => v.Name).ToArray();
        return names.Length == 1 ? $"{names[0]} version" : $"{string.Join(", ", names[..^1])} or {names[^1]} version";
    }
}
