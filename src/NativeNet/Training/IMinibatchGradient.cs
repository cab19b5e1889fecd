using System.Numerics;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Regularization;
using NativeNet.Tensors;

namespace NativeNet.Training;

/// <summary>
/// Computes one training step's loss and gradient in place of <see cref="Sequential{T}.ComputeLoss(NdArray{T}, ReadOnlySpan{int}, ClassificationLoss{T}, WeightPenalty?, bool)"/>:
/// the hook through which a <see cref="Solver{T}"/> trains data-parallel (each process computing part of the minibatch
/// and the parts combined), while the solver's shuffles, schedule, clipping and optimizer step stay as they are.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IMinibatchGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Leaves in every parameter's <see cref="Layers.Parameter{T}.Grad"/> the gradient of the minibatch's mean loss
    /// plus the weight penalty, and returns that total loss, as <c>ComputeLoss</c> does.
    /// </summary>
    /// <param name="model">The model being trained (in training mode).</param>
    /// <param name="loss">The data loss.</param>
    /// <param name="features">The whole minibatch, in the epoch's shuffled order.</param>
    /// <param name="labels">One label per sample of <paramref name="features"/>.</param>
    /// <param name="penalty">The weight penalty, or null for none.</param>
    /// <returns>The minibatch's mean data loss plus the penalty.</returns>
    T Compute(Sequential<T> model, ClassificationLoss<T> loss, NdArray<T> features, ReadOnlySpan<int> labels, WeightPenalty? penalty);

    /// <summary>
    /// As the classification overload, for a loss against targets of the output's shape (regression, multi-label):
    /// in place of <see cref="Sequential{T}.ComputeLoss(NdArray{T}, NdArray{T}, ElementwiseLoss{T}, WeightPenalty?, bool)"/>.
    /// </summary>
    /// <param name="model">The model being trained (in training mode).</param>
    /// <param name="loss">The data loss.</param>
    /// <param name="features">The whole minibatch, in the epoch's shuffled order.</param>
    /// <param name="targets">The targets of <paramref name="features"/>, one row per sample.</param>
    /// <param name="penalty">The weight penalty, or null for none.</param>
    /// <returns>The minibatch's mean data loss plus the penalty.</returns>
    T Compute(Sequential<T> model, ElementwiseLoss<T> loss, NdArray<T> features, NdArray<T> targets, WeightPenalty? penalty);
}
