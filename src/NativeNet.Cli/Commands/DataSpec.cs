using System.CommandLine.Parsing;
using System.Globalization;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Commands;

/// <summary>
/// A parsed <c>--data</c> value, one of <see cref="DataSourceKind.All"/>: <c>digits</c> (embedded),
/// <c>fashion-mnist</c> (Debian's files, found by themselves), <c>mnist:DIR</c>, <c>cifar10:DIR</c>,
/// <c>cifar100:DIR[:coarse]</c> or <c>csv:FILE[:label-column]</c>.
/// </summary>
/// <param name="Kind">The kind's name.</param>
/// <param name="Location">The directory or file; null for the kinds that take none.</param>
/// <param name="CoarseLabels">CIFAR-100's 20 coarse labels instead of the 100 fine ones.</param>
/// <param name="LabelColumn">The CSV label column (negative counts from the end); null for the last.</param>
/// <param name="TargetColumns">Several CSV columns (<c>csv:FILE:a,b,…</c>), the targets of <c>train --task regression</c>; null otherwise.</param>
internal sealed record DataSpec(string Kind, string? Location, bool CoarseLabels, int? LabelColumn = null, IReadOnlyList<int>? TargetColumns = null)
{
    /// <summary>The CSV columns a regression predicts: <see cref="TargetColumns"/>, or the one label column (the last by default).</summary>
    public IReadOnlyList<int> RegressionColumns => TargetColumns ?? [LabelColumn ?? -1];

    public static string HelpText => DataSourceKind.HelpText;

    /// <summary>The kind this spec is of.</summary>
    public DataSourceKind Source => DataSourceKind.Find(Kind) ?? throw new InvalidOperationException($"Unknown data kind '{Kind}'.");

    public override string ToString() => Location is null
        ? Kind
        : $"{Kind}:{Location}{(CoarseLabels ? ":coarse" : "")}{(LabelColumn is int column ? ":" + column.ToString(CultureInfo.InvariantCulture) : "")}" +
          (TargetColumns is null ? "" : ":" + string.Join(',', TargetColumns.Select(c => c.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Parses <paramref name="text"/>, or returns null with <paramref name="error"/> naming what is wrong.</summary>
    public static DataSpec? TryParse(string text, out string? error)
    {
        error = null;
        int colon = text.IndexOf(':');
        string name = colon < 0 ? text : text[..colon];
        string rest = colon < 0 ? "" : text[(colon + 1)..];
        var kind = DataSourceKind.Find(name);
        if (kind is null || (kind.LocationName is null && colon >= 0))
        {
            string suggestion = kind is null ? SpellingSuggestion.Suffix(name, DataSourceKind.All.Select(k => k.Name)) : "";
            error = $"--data '{text}'{suggestion} is not one of {HelpText}";
            return null;
        }
        if (kind.LocationName is null) return new DataSpec(name, null, false);
        bool coarse = false;
        int? labelColumn = null;
        int[]? targetColumns = null;
        if (name == "cifar100" && rest.EndsWith(":coarse", StringComparison.Ordinal))
        {
            coarse = true;
            rest = rest[..^":coarse".Length];
        }
        // A trailing ":N" is the label column; a file name may hold colons of its own.
        int last = rest.LastIndexOf(':');
        if (name == "csv" && last >= 0 && int.TryParse(rest.AsSpan(last + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int column))
        {
            labelColumn = column;
            rest = rest[..last];
        }
        else if (name == "csv" && last >= 0 && Columns(rest[(last + 1)..]) is { } columns)
        {
            targetColumns = columns;
            rest = rest[..last];
        }
        if (rest.Length == 0)
        {
            error = $"--data {name} needs a {kind.LocationName}: {kind.Syntax}";
            return null;
        }
        return new DataSpec(name, rest, coarse, labelColumn, targetColumns);
    }

    // "2,3" (two or more integers), or null.
    private static int[]? Columns(string text)
    {
        var parts = text.Split(',');
        if (parts.Length < 2) return null;
        var columns = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out columns[i])) return null;
        return columns;
    }

    public static DataSpec Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "digits" : result.Tokens[^1].Value;
        var spec = TryParse(text, out var error);
        if (spec is null) result.AddError(error!);
        return spec ?? new DataSpec("digits", null, false);
    }
}
