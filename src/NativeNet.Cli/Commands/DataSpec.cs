using System.CommandLine.Parsing;

namespace NativeNet.Cli.Commands;

/// <summary>
/// A parsed <c>--data</c> value: <c>digits</c> (embedded), <c>fashion-mnist</c> (Debian's files, found by
/// themselves), <c>mnist:DIR</c>, <c>cifar10:DIR</c> or <c>cifar100:DIR[:coarse]</c>.
/// </summary>
internal sealed record DataSpec(string Kind, string? Directory, bool CoarseLabels)
{
    public const string HelpText = "digits (embedded, default) | fashion-mnist (Debian's dataset-fashion-mnist) | mnist:DIR | cifar10:DIR | cifar100:DIR[:coarse]";

    public override string ToString() => Directory is null ? Kind : $"{Kind}:{Directory}{(CoarseLabels ? ":coarse" : "")}";

    /// <summary>Parses <paramref name="text"/>, or returns null with <paramref name="error"/> naming what is wrong.</summary>
    public static DataSpec? TryParse(string text, out string? error)
    {
        error = null;
        switch (text)
        {
            case "digits": return new DataSpec("digits", null, false);
            case "fashion-mnist": return new DataSpec("fashion-mnist", null, false);
        }
        int colon = text.IndexOf(':');
        string kind = colon < 0 ? text : text[..colon];
        string rest = colon < 0 ? "" : text[(colon + 1)..];
        if (kind is not ("mnist" or "cifar10" or "cifar100"))
        {
            error = $"--data '{text}' is not one of {HelpText}";
            return null;
        }
        bool coarse = false;
        if (kind == "cifar100" && rest.EndsWith(":coarse", StringComparison.Ordinal))
        {
            coarse = true;
            rest = rest[..^":coarse".Length];
        }
        if (rest.Length == 0)
        {
            error = $"--data {kind} needs a directory: {kind}:DIR";
            return null;
        }
        return new DataSpec(kind, rest, coarse);
    }

    public static DataSpec Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "digits" : result.Tokens[^1].Value;
        var spec = TryParse(text, out var error);
        if (spec is null) result.AddError(error!);
        return spec ?? new DataSpec("digits", null, false);
    }
}
