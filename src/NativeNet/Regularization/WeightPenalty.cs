using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Layers;

namespace NativeNet.Regularization;

/// <summary>
/// L2 and L1 penalties on weights, added to the reported loss and to the gradients:
/// penalty = c·λ₂·Σ‖W‖² + λ₁·Σ|W| over the parameters it applies to, where c is ½ or 1 as
/// <see cref="L2Convention"/> says. The gradient of |w| at w = 0 is taken as 0.
/// </summary>
/// <remarks>
/// By default only parameters with <see cref="Parameter{T}.IsWeight"/> are penalized (weights, not biases or
/// normalization scales and shifts); set <see cref="IncludeNonWeights"/> to penalize everything.
/// </remarks>
public sealed class WeightPenalty
{
    /// <summary>The L2 strength λ₂ (≥ 0).</summary>
    public double L2 { get; init; }

    /// <summary>The L1 strength λ₁ (≥ 0).</summary>
    public double L1 { get; init; }

    /// <summary>Whether the L2 penalty is ½·λ₂·‖W‖² (default) or λ₂·‖W‖².</summary>
    public L2PenaltyConvention L2Convention { get; init; } = L2PenaltyConvention.HalfSquaredNorm;

    /// <summary>Whether biases and other non-weight parameters are penalized too (default false).</summary>
    public bool IncludeNonWeights { get; init; }

    /// <summary>An L2 penalty of strength λ with an explicit convention for the ½ factor.</summary>
    public static WeightPenalty WithL2(double lambda, L2PenaltyConvention convention) =>
        Validated(new WeightPenalty { L2 = lambda, L2Convention = convention });

    /// <summary>An L1 penalty λ·Σ|W|.</summary>
    public static WeightPenalty WithL1(double lambda) => Validated(new WeightPenalty { L1 = lambda });

    /// <summary>The penalty of <paramref name="parameters"/>, without touching the gradients.</summary>
    public T Penalty<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluate(parameters, addGradient: false);

    /// <summary>Adds the penalty's gradient into each parameter's gradient and returns the penalty.</summary>
    public T Apply<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluate(parameters, addGradient: true);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"WeightPenalty(L2 {L2} {(L2Convention == L2PenaltyConvention.HalfSquaredNorm ? "½λ‖W‖²" : "λ‖W‖²")}, L1 {L1}{(IncludeNonWeights ? ", all parameters" : "")})");

    private T Evaluate<T>(IReadOnlyList<Parameter<T>> parameters, bool addGradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Validated(this);
        double factor = L2Convention == L2PenaltyConvention.HalfSquaredNorm ? 0.5 : 1.0;
        T l2GradScale = T.CreateChecked(2 * factor * L2), l1 = T.CreateChecked(L1);
        double penalty = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!p.IsWeight && !IncludeNonWeights) continue;
            ReadOnlySpan<T> w = p.Value.Span;
            if (L2 != 0)
            {
                penalty += factor * L2 * double.CreateChecked(TensorPrimitives.SumOfSquares(w));
                if (addGradient) TensorPrimitives.MultiplyAdd(w, l2GradScale, p.Grad.Span, p.Grad.Span);
            }
            if (L1 != 0)
            {
                penalty += L1 * double.CreateChecked(TensorPrimitives.SumOfMagnitudes(w));
                if (addGradient)
                {
                    Span<T> g = p.Grad.Span;
                    for (int j = 0; j < w.Length; j++) g[j] += l1 * T.CreateTruncating(T.Sign(w[j]));
                }
            }
        }
        return T.CreateChecked(penalty);
    }

    private static WeightPenalty Validated(WeightPenalty penalty)
    {
        if (!(penalty.L2 >= 0) || !double.IsFinite(penalty.L2))
            throw new ArgumentOutOfRangeException(nameof(L2), $"The L2 strength {penalty.L2} must be finite and ≥ 0.");
        if (!(penalty.L1 >= 0) || !double.IsFinite(penalty.L1))
            throw new ArgumentOutOfRangeException(nameof(L1), $"The L1 strength {penalty.L1} must be finite and ≥ 0.");
        return penalty;
    }
}
