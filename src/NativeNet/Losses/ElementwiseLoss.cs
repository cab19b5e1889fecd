using System.Numerics;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Losses;

/// <summary>
/// A loss of predictions against targets of the same shape, averaged over all elements. <see cref="Compute"/>
/// returns the loss and dL/dpredictions; the gradient lives in a buffer the loss reuses, so copy it to keep it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationBuffer<T> _gradient = new();
    private readonly ActivationBuffer<T> _terms = new();

    /// <summary>The mean loss over all elements and its gradient with respect to <paramref name="predictions"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ or the batch is empty.</exception>
    public (T Loss, NdArray<T> Gradient) Compute(NdArray<T> predictions, NdArray<T> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.HasShape(predictions.Shape))
            throw new ArgumentException($"{this}: targets {targets.ShapeString} do not match predictions {predictions.ShapeString}.", nameof(targets));
        if (predictions.Length == 0) throw new ArgumentException($"{this}: the predictions {predictions.ShapeString} are empty.", nameof(predictions));
        var gradient = _gradient.Get(predictions.Shape);
        double loss = Evaluate(predictions.Span, targets.Span, gradient.Span);
        return (T.CreateChecked(loss), gradient);
    }

    /// <summary>Computes the mean loss (in double, whatever T) and writes dL/dpredictions into <paramref name="gradient"/>.</summary>
    protected abstract double Evaluate(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient);

    /// <summary>A reusable buffer of <paramref name="length"/> elements for per-element loss terms (contents undefined).</summary>
    protected Span<T> TermBuffer(int length) => _terms.Get(length).Span;

    /// <summary>
    /// The mean of <paramref name="terms"/>, summed in double one element after another: the same bits at every vector
    /// width, which a vectorized reduction (its order set by the width) would not give.
    /// </summary>
    protected static double MeanInOrder(ReadOnlySpan<T> terms)
    {
        double sum = 0;
        foreach (T term in terms) sum += double.CreateTruncating(term);
        return sum / terms.Length;
    }

    /// <inheritdoc/>
    public override string ToString() => GetType().Name.Split('`')[0];
}
