using System.Numerics;

namespace NativeNet.Losses;

/// <summary>
/// Binary cross-entropy on logits x with targets t ∈ [0, 1], averaged over all M elements (PyTorch's
/// <c>BCEWithLogitsLoss</c>), in the stable form ℓ = max(x, 0) − x·t + log(1 + exp(−|x|)), which never takes the
/// log of 0 or overflows exp. dL/dx = (σ(x) − t)/M.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BinaryCrossEntropyWithLogitsLoss<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient)
    {
        double loss = 0;
        T invM = T.One / T.CreateChecked(predictions.Length);
        for (int i = 0; i < predictions.Length; i++)
        {
            T x = predictions[i], t = targets[i];
            T e = T.Exp(-T.Abs(x));
            loss += double.CreateChecked(T.Max(x, T.Zero) - x * t + T.LogP1(e));
            // σ(x) from e = exp(−|x|) without overflow: 1/(1+e) for x ≥ 0, e/(1+e) otherwise.
            T sigmoid = x >= T.Zero ? T.One / (T.One + e) : e / (T.One + e);
            gradient[i] = (sigmoid - t) * invM;
        }
        return loss / predictions.Length;
    }
}
