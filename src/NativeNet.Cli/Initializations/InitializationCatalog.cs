using NativeNet.Cli.Registries;
using NativeNet.Models;

namespace NativeNet.Cli.Initializations;

/// <summary>The <c>--init</c> choices of <c>train</c>.</summary>
internal static class InitializationCatalog
{
    public static Registry<InitializationKind> Registry { get; } = new("initialization",
    [
        new("he", "Normal with std gain·√(1/fan_in).", WeightInitialization.He),
        new("xavier", "Normal with std gain·√(2/(fan_in+fan_out)).", WeightInitialization.Xavier),
        new("normal", "Normal with std --weight-scale.", WeightInitialization.Normal),
        new("uniform", "Uniform on ±--weight-scale.", WeightInitialization.Uniform),
        new("zero", "All weights 0.", WeightInitialization.Zero),
    ]);
}
