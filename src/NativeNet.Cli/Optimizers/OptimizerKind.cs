using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Optimizers;

/// <summary>One <c>--optimizer</c> choice: its name and its update rule with the hyperparameters it takes and their defaults.</summary>
internal sealed record OptimizerKind(string Name, string Description) : IRegistryEntry;
