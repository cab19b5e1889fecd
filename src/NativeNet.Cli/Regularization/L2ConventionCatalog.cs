using NativeNet.Cli.Registries;
using NativeNet.Regularization;

namespace NativeNet.Cli.Regularization;

/// <summary>The <c>--l2-convention</c> choices of <c>train</c>.</summary>
internal static class L2ConventionCatalog
{
    public static Registry<L2ConventionKind> Registry { get; } = new("L2 convention",
    [
        new("half", "penalty ½·λ·‖W‖², gradient λ·W (equal to coupled --weight-decay λ)", L2PenaltyConvention.HalfSquaredNorm),
        new("full", "penalty λ·‖W‖², gradient 2λ·W", L2PenaltyConvention.SquaredNorm),
    ]);
}
