using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Reshapes a batch (N, d₁, d₂, …) to (N, d₁·d₂·…) without copying: the output is a view of the input, and the input
/// gradient a view of the output gradient.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[Layer("flatten")]
public sealed partial class Flatten<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Views are cached by source so that the same buffer passed every step costs no allocation.
    private NdArray<T>? _input, _output;
    private NdArray<T>? _gradOutput, _gradInput;

    /// <inheritdoc/>
    public override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureBatch(this, input.Shape);
        if (!ReferenceEquals(input, _input))
        {
            _input = input;
            _output = input.Rank == 2 ? input : input.Reshape(input.Rows, input.RowLength);
        }
        return _output!;
    }

    internal override bool CanInfer => true;

    internal override bool InferenceIsIdentity => true;

    internal override void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state) => input.CopyTo(output);

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _output, gradOutput);
        if (!ReferenceEquals(gradOutput, _gradOutput) || !_gradInput!.HasShape(_input!.Shape))
        {
            _gradOutput = gradOutput;
            _gradInput = _input!.Rank == 2 ? gradOutput : gradOutput.Reshape(_input.Shape.ToArray());
        }
        return _gradInput;
    }

    /// <inheritdoc/>
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        LayerShapeCheck.EnsureBatch(this, inputShape);
        return [inputShape[0], LayerShapeCheck.SampleLength(inputShape)];
    }

    /// <summary>The small instance the generated gradient-check test builds.</summary>
    [GradientCheck(3, 2, 2)]
    public static Flatten<T> ForGradientCheck(Rng rng) => new();
}
