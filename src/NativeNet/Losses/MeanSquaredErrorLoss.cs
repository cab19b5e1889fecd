using System.Numerics;
using System.Numerics.Tensors;

namespace NativeNet.Losses;

/// <summary>
/// Mean squared error over all M elements (PyTorch's <c>MSELoss</c>, reduction "mean"): L = (1/M) Σ (p − t)², with
/// dL/dp = 2(p − t)/M. There is no ½ factor.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanSquaredErrorLoss<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient)
    {
        TensorPrimitives.Subtract(predictions, targets, gradient);
        double loss = double.CreateChecked(TensorPrimitives.SumOfSquares<T>(gradient)) / predictions.Length;
        TensorPrimitives.Multiply(gradient, T.CreateChecked(2.0 / predictions.Length), gradient);
        return loss;
    }
}
