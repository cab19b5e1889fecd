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

    /// <inheritdoc/>
    public override string ToString() => GetType().Name.Split('`')[0];
}
