using System.Numerics;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Losses;

/// <summary>
/// A loss of class scores (N, C) against integer labels in [0, C), averaged over the batch. <see cref="Compute"/>
/// returns the loss and dL/dscores; the gradient lives in a buffer the loss reuses, so copy it to keep it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class ClassificationLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationBuffer<T> _gradient = new();

    /// <summary>The mean loss over the batch and its gradient with respect to <paramref name="scores"/>.</summary>
    /// <param name="scores">Class scores (logits), shape (N, C).</param>
    /// <param name="labels">N labels, each in [0, C).</param>
    /// <exception cref="ArgumentException">The scores are not (N, C), the label count is not N, or a label is out of range.</exception>
    public (T Loss, NdArray<T> Gradient) Compute(NdArray<T> scores, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Rank != 2)
            throw new ArgumentException($"{this}: expected scores of shape (N, C), got {scores.ShapeString}.", nameof(scores));
        int n = scores.Dim(0), classes = scores.Dim(1);
        if (labels.Length != n)
            throw new ArgumentException($"{this}: {labels.Length} labels for scores {scores.ShapeString} (expected {n}).", nameof(labels));
        if (n == 0) throw new ArgumentException($"{this}: the batch {scores.ShapeString} is empty.", nameof(scores));
        for (int i = 0; i < n; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels),
                    $"{this}: label {labels[i]} at index {i} is outside [0, {classes}) for {classes} classes (scores {scores.ShapeString}).");
        var gradient = _gradient.Get(n, classes);
        double loss = Evaluate(scores.Span, labels, n, classes, gradient.Span);
        return (T.CreateChecked(loss), gradient);
    }

    /// <summary>
    /// Computes the mean loss (in double, whatever T) and writes dL/dscores into <paramref name="gradient"/>; labels are
    /// already checked.
    /// </summary>
    protected abstract double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<int> labels, int n, int classes, Span<T> gradient);

    /// <inheritdoc/>
    public override string ToString() => GetType().Name.Split('`')[0];
}
