using NativeNet.Cli.Registries;
using NativeNet.Regularization;

namespace NativeNet.Cli.Regularization;

/// <summary>One <c>--l2-convention</c> choice: its name, its penalty and gradient, and the library's convention.</summary>
internal sealed record L2ConventionKind(string Name, string Description, L2PenaltyConvention Convention) : IRegistryEntry;
