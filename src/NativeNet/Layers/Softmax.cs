using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Softmax over the last axis: y = exp(x − max x) / Σ exp(x − max x). Subtracting the row maximum keeps every
/// exponent ≤ 0, so large logits never overflow (TensorPrimitives.SoftMax does not subtract it).
/// </summary>
/// <remarks>
/// For training a classifier, prefer <see cref="Losses.SoftmaxCrossEntropyLoss{T}"/> on the raw logits: it is
/// more stable and cheaper than this layer followed by a log.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[Layer("softmax")]
public sealed partial class Softmax<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    private NdArray<T>? _lastOutput;

    /// <inheritdoc/>
    public override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureBatch(this, input.Shape);
        int classes = input.Dim(-1), rows = input.Length / Math.Max(1, classes);
        var output = _output.Get(input.Shape);
        ReadOnlySpan<T> x = input.Span;
        Span<T> y = output.Span;
        for (int r = 0; r < rows; r++)
            SoftmaxRow(x.Slice(r * classes, classes), y.Slice(r * classes, classes));
        _lastOutput = output;
        return output;
    }

    internal override bool CanInfer => true;

    internal override void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state)
    {
        int classes = input.Length / Math.Max(1, rows);
        for (int r = 0; r < rows; r++)
            SoftmaxRow(input.Slice(r * classes, classes), output.Slice(r * classes, classes));
    }

    /// <summary>y = exp(x − max x) / Σ exp(x − max x) for one row; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<T> x, Span<T> y)
    {
        TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), y);
        TensorPrimitives.Exp<T>(y, y);
        TensorPrimitives.Divide<T>(y, TensorPrimitives.Sum<T>(y), y);
    }

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        int classes = gradOutput.Dim(-1), rows = gradOutput.Length / Math.Max(1, classes);
        var gradInput = _gradInput.Get(gradOutput.Shape);
        ReadOnlySpan<T> dy = gradOutput.Span, y = _lastOutput!.Span;
        Span<T> dx = gradInput.Span;
        for (int r = 0; r < rows; r++)
        {
            // dx = y ⊙ (dy − ⟨dy, y⟩)
            ReadOnlySpan<T> dyr = dy.Slice(r * classes, classes), yr = y.Slice(r * classes, classes);
            Span<T> dxr = dx.Slice(r * classes, classes);
            TensorPrimitives.Subtract(dyr, TensorPrimitives.Dot(dyr, yr), dxr);
            TensorPrimitives.Multiply<T>(dxr, yr, dxr);
        }
        return gradInput;
    }

    /// <inheritdoc/>
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        LayerShapeCheck.EnsureBatch(this, inputShape);
        return inputShape.ToArray();
    }

    /// <summary>The small instance the generated gradient-check test builds.</summary>
    [GradientCheck(3, 4)]
    public static Softmax<T> ForGradientCheck(Rng rng) => new();
}
