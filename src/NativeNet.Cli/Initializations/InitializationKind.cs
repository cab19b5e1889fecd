using NativeNet.Cli.Registries;
using NativeNet.Models;

namespace NativeNet.Cli.Initializations;

/// <summary>One <c>--init</c> choice: its name, the distribution it draws weights from and the library's initialization.</summary>
internal sealed record InitializationKind(string Name, string Description, WeightInitialization Initialization) : IRegistryEntry;
