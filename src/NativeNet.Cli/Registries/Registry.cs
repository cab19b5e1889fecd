using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using NativeNet.Cli.Commands;

namespace NativeNet.Cli.Registries;

/// <summary>
/// The one list of the choices of a concept (optimizers, normalizations, experiments, …): the option's accepted
/// names, its help text, the "unknown … (did you mean …?)" error and the table in docs/cli.md are all made from it,
/// so adding a choice is adding one entry.
/// </summary>
/// <param name="what">The concept in words, for errors: <c>normalization</c> in "unknown normalization 'btach'".</param>
/// <param name="entries">Every choice, in the order help and docs list them.</param>
internal sealed class Registry<TEntry>(string what, IReadOnlyList<TEntry> entries) where TEntry : IRegistryEntry
{
    /// <summary>Every entry, in the order help and docs list them.</summary>
    public IReadOnlyList<TEntry> All { get; } = entries;

    /// <summary>Every entry's name, in order.</summary>
    public IReadOnlyList<string> Names { get; } = [.. entries.Select(e => e.Name)];

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public TEntry? Find(string name) => All.FirstOrDefault(e => e.Name == name);

    /// <summary>The entry named <paramref name="name"/>; an unknown name is a <see cref="UsageException"/> suggesting the closest one.</summary>
    public TEntry Get(string name) => Find(name) ?? throw new UsageException(Unknown(name));

    /// <summary>"unknown normalization 'btach' (did you mean 'batch'?); choose one of none, batch, layer".</summary>
    public string Unknown(string name) => $"unknown {what} '{name}'{SpellingSuggestion.Suffix(name, Names)}; choose one of {string.Join(", ", Names)}";

    /// <summary>Every entry with its description, "none (…) | batch (…)", for an option's help.</summary>
    public string HelpText => string.Join(" | ", All.Select(e => $"{e.Name} ({e.Description})"));

    /// <summary>An option naming one entry, <paramref name="defaultValue"/> when left out.</summary>
    public Option<string> Option(string optionName, string description, string defaultValue)
    {
        var option = new Option<string>(optionName) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = CliOptions.ChoicesHelpName(Names) };
        option.Validators.Add(Validate);
        return option;
    }

    /// <summary>An option naming one entry that may be left out: absent is null, for the command's own choice.</summary>
    public Option<string?> OptionalOption(string optionName, string description)
    {
        var option = new Option<string?>(optionName) { Description = description, HelpName = CliOptions.ChoicesHelpName(Names) };
        option.Validators.Add(Validate);
        return option;
    }

    /// <summary>A command argument naming one entry.</summary>
    public Argument<string> Argument(string argumentName, string description)
    {
        var argument = new Argument<string>(argumentName) { Description = description, HelpName = CliOptions.ChoicesHelpName(Names) };
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && Find(result.Tokens[^1].Value) is null) result.AddError(Unknown(result.Tokens[^1].Value));
        });
        return argument;
    }

    /// <summary>The Markdown table of the entries that docs/cli.md holds, <c>| name | description |</c>.</summary>
    public string MarkdownTable(string nameHeader)
    {
        var text = new StringBuilder($"| {nameHeader} | description |\n|---|---|\n");
        foreach (var entry in All) text.Append($"| `{entry.Name}` | {entry.Description} |\n");
        return text.ToString();
    }

    private void Validate(OptionResult result)
    {
        if (CliOptions.TryGetValue(result, out string? name) && name is not null && Find(name) is null) result.AddError(Unknown(name));
    }
}
