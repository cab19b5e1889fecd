using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Tasks;

/// <summary>One <c>train --task</c> choice: its name and what it trains, with which loss, reporting what.</summary>
/// <param name="Name">The name typed after --task.</param>
/// <param name="Description">The loss, the targets and the reported metrics, for help and docs.</param>
/// <param name="PredictsTargets">Whether the network predicts real-valued targets (a CSV target column) rather than a class.</param>
internal sealed record TaskKind(string Name, string Description, bool PredictsTargets) : IRegistryEntry;
