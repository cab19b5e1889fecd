using NativeNet.Cli.Registries;
using NativeNet.Playground;
using NativeNet.Tensors;

namespace NativeNet.Cli.Playground;

/// <summary>
/// One <c>--data</c> choice of <c>nativenet playground</c>: the distribution of the <c>mean</c> objective's data
/// points, and the objective it makes of <c>count</c> points of <c>dimension</c> coordinates.
/// </summary>
internal sealed record DistributionKind(string Name, string Description, Func<int, int, Rng, StochasticMeanObjective> Generate) : IRegistryEntry;
