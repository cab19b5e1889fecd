using NativeNet.Cli.Registries;
using NativeNet.Playground;

namespace NativeNet.Cli.Playground;

/// <summary>One <c>--objective</c> choice of <c>nativenet playground</c>: its name, its formula and the objective it builds.</summary>
internal sealed record ObjectiveKind(string Name, string Description, Func<ObjectiveArguments, IObjective> Build) : IRegistryEntry;
