namespace NativeNet.Regularization;

/// <summary>Whether the L2 penalty carries the classic ½ factor; the two conventions differ by 2 in λ's meaning.</summary>
public enum L2PenaltyConvention
{
    /// <summary>penalty = ½·λ·‖W‖², gradient λ·W (cs231n's reference code; λ is then exactly SGD's weight decay).</summary>
    HalfSquaredNorm,

    /// <summary>penalty = λ·‖W‖², gradient 2λ·W (cs231n's linear-classifier assignment and many textbooks).</summary>
    SquaredNorm,
}
