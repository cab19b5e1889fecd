using NativeNet.Cli.Registries;
using NativeNet.Optimizers;

namespace NativeNet.Cli.Optimizers;

/// <summary>One <c>--weight-decay-mode</c> choice: its name, how λ enters the update and the library's mode.</summary>
internal sealed record WeightDecayModeKind(string Name, string Description, WeightDecayMode Mode) : IRegistryEntry;
