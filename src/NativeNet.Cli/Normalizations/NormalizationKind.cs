using NativeNet.Cli.Registries;
using NativeNet.Models;

namespace NativeNet.Cli.Normalizations;

/// <summary>One <c>--norm</c> choice: its name, what it does and the library's normalization.</summary>
internal sealed record NormalizationKind(string Name, string Description, Normalization Normalization) : IRegistryEntry;
