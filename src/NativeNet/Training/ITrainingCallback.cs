using System.Numerics;

namespace NativeNet.Training;

/// <summary>
/// Code the <see cref="Solver{T}"/> runs at fixed points of training, in the order of
/// <see cref="Solver{T}.Callbacks"/>. Every method does nothing by default, so a callback implements only what it needs.
/// </summary>
/// <remarks>
/// Callbacks run on the training thread, between steps: the model and the histories are consistent then, and a
/// callback may read them, evaluate the model or save a checkpoint (<see cref="CheckpointCallback{T}"/>), but should
/// not change the parameters.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface ITrainingCallback<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>After each optimizer step, once the step's loss is in the history (<see cref="TrainingHistory.Loss"/>).</summary>
    void OnStepEnd(Solver<T> solver) { }

    /// <summary>After each epoch, once its metrics are recorded and the best parameters chosen, before the epoch's progress event.</summary>
    void OnEpochEnd(Solver<T> solver) { }

    /// <summary>When <see cref="Solver{T}.Train"/> returns, with its result (after the best parameters are restored).</summary>
    void OnTrainEnd(Solver<T> solver, TrainingResult result) { }
}
