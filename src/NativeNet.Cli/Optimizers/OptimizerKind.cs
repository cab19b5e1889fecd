using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Optimizers;

/// <summary>
/// One <c>--optimizer</c> choice: its name, its update rule with the hyperparameters it takes and their defaults, and
/// the factory that builds it.
/// </summary>
internal sealed record OptimizerKind(string Name, string Description, IOptimizerFactory Factory) : IRegistryEntry;
