using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Optimizers;

/// <summary>
/// A snapshot of an optimizer's state, keyed by name: per-parameter tensors such as <c>fc1.weight.velocity</c> or
/// <c>fc1.weight.m</c>, and scalars such as <c>step</c> (the number of steps taken) and <c>learning_rate</c>.
/// </summary>
/// <remarks>
/// Produced by <see cref="Optimizer{T}.ExportState"/> (the tensors are copies, so later steps do not change a
/// snapshot) and consumed by <see cref="Optimizer{T}.ImportState"/>, which validates every name and shape.
/// A checkpoint writer stores <see cref="Tensors"/> and <see cref="Scalars"/> as they are.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class OptimizerState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the scalar holding the number of steps taken (an integer stored as a double).</summary>
    public const string StepKey = "step";

    /// <summary>The name of the scalar holding the learning rate in force when the state was exported.</summary>
    public const string LearningRateKey = "learning_rate";

    /// <summary>Creates a state from its tensors and scalars (the dictionaries are used as given, not copied).</summary>
    /// <param name="tensors">Per-parameter state tensors, keyed <c>{parameter name}.{slot}</c>.</param>
    /// <param name="scalars">Scalar state; <see cref="StepKey"/> is required by <see cref="Optimizer{T}.ImportState"/>.</param>
    public OptimizerState(IReadOnlyDictionary<string, NdArray<T>> tensors, IReadOnlyDictionary<string, double> scalars)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(scalars);
        Tensors = tensors;
        Scalars = scalars;
    }

    /// <summary>Per-parameter state tensors, keyed <c>{parameter name}.{slot}</c>, e.g. <c>fc1.weight.velocity</c>.</summary>
    public IReadOnlyDictionary<string, NdArray<T>> Tensors { get; }

    /// <summary>Scalar state: <see cref="StepKey"/> and <see cref="LearningRateKey"/>.</summary>
    public IReadOnlyDictionary<string, double> Scalars { get; }
}
