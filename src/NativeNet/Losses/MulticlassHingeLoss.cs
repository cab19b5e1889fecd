using System.Numerics;

namespace NativeNet.Losses;

/// <summary>
/// Multiclass SVM (hinge) loss, cs231n convention: L = (1/N) Σᵢ Σ_{j≠yᵢ} max(0, sᵢⱼ − sᵢ,yᵢ + Δ) with margin Δ = 1
/// by default. The gradient is 1/N for each j ≠ y with a positive margin and −(count of those)/N at y; at a margin of
/// exactly zero the subgradient 0 is used.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MulticlassHingeLoss<T> : ClassificationLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the loss with margin Δ.</summary>
    /// <param name="margin">The margin Δ by which the correct score should exceed the others (cs231n: 1).</param>
    public MulticlassHingeLoss(double margin = 1.0)
    {
        if (!double.IsFinite(margin) || margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), $"Hinge margin {margin} must be finite and ≥ 0.");
        Margin = margin;
    }

    /// <summary>The margin Δ.</summary>
    public double Margin { get; }

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<int> labels, int n, int classes, Span<T> gradient)
    {
        double loss = 0;
        T invN = T.One / T.CreateChecked(n), delta = T.CreateChecked(Margin);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> s = scores.Slice(i * classes, classes);
            Span<T> g = gradient.Slice(i * classes, classes);
            int y = labels[i];
            T correct = s[y];
            int violations = 0;
            for (int j = 0; j < classes; j++)
            {
                T margin = s[j] - correct + delta;
                if (j != y && margin > T.Zero)
                {
                    loss += double.CreateChecked(margin);
                    g[j] = invN;
                    violations++;
                }
                else g[j] = T.Zero;
            }
            g[y] = -T.CreateChecked(violations) * invN;
        }
        return loss / n;
    }
}
