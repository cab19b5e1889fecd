namespace NativeNet.Cli.Registries;

/// <summary>One named choice of a command-line option, as a <see cref="Registry{TEntry}"/> lists it.</summary>
internal interface IRegistryEntry
{
    /// <summary>The name typed on the command line, e.g. <c>batch</c>.</summary>
    string Name { get; }

    /// <summary>What the choice does, one sentence for the help text and the table in docs/cli.md.</summary>
    string Description { get; }
}
