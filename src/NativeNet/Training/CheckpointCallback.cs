using System.Numerics;

namespace NativeNet.Training;

/// <summary>Saves a <see cref="Checkpoint"/> of the solver after every epoch (or every <see cref="EveryEpochs"/> epochs).</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <param name="path">The checkpoint file, overwritten atomically each time.</param>
/// <param name="metadata">Extra metadata to keep in the file, or null.</param>
public sealed class CheckpointCallback<T>(string path, IReadOnlyDictionary<string, string>? metadata = null) : ITrainingCallback<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The checkpoint file.</summary>
    public string Path { get; } = !string.IsNullOrEmpty(path) ? path : throw new ArgumentException("The checkpoint path is empty.", nameof(path));

    /// <summary>Save when the number of completed epochs is a multiple of this (1, the default: every epoch).</summary>
    public int EveryEpochs { get; init; } = 1;

    /// <summary>The number of checkpoints written.</summary>
    public int Saves { get; private set; }

    /// <inheritdoc/>
    public void OnEpochEnd(Solver<T> solver)
    {
        ArgumentNullException.ThrowIfNull(solver);
        if (EveryEpochs <= 0 || solver.Epoch % EveryEpochs != 0) return;
        Checkpoint.Save(solver, Path, metadata);
        Saves++;
    }
}
