namespace NativeNet.Cli.Plotting;

/// <summary>
/// The histories of a training run, as plain arrays: per-iteration loss, gradient norm and learning rate, and
/// per-epoch training and validation accuracy, validation loss and test accuracy. Entries may be NaN where a value was not measured.
/// </summary>
/// <param name="Iterations">Iteration number of each per-iteration entry.</param>
/// <param name="Loss">Mini-batch loss per iteration.</param>
/// <param name="GradientNorm">Global gradient L2 norm per iteration; NaN (not drawn) where the minibatch was a partial one.</param>
/// <param name="LearningRate">Learning rate used per iteration.</param>
/// <param name="Epochs">Epoch number of each per-epoch entry (0 = before training).</param>
/// <param name="TrainAccuracy">Training accuracy per epoch, in [0, 1].</param>
/// <param name="ValidationAccuracy">Validation accuracy per epoch, in [0, 1].</param>
internal sealed record TrainingCurves(
    IReadOnlyList<double> Iterations,
    IReadOnlyList<double> Loss,
    IReadOnlyList<double> GradientNorm,
    IReadOnlyList<double> LearningRate,
    IReadOnlyList<double> Epochs,
    IReadOnlyList<double> TrainAccuracy,
    IReadOnlyList<double> ValidationAccuracy)
{
    /// <summary>The iteration at which each per-epoch entry was measured (epoch × iterations per epoch); empty leaves the validation loss out.</summary>
    public IReadOnlyList<double> EpochEndIterations { get; init; } = [];

    /// <summary>Validation loss per epoch (NaN where not measured); empty for none.</summary>
    public IReadOnlyList<double> ValidationLoss { get; init; } = [];

    /// <summary>Test accuracy per epoch, in [0, 1] (NaN where not measured); empty for none.</summary>
    public IReadOnlyList<double> TestAccuracy { get; init; } = [];

    /// <summary>Validation R² per epoch of a regression; empty for none.</summary>
    public IReadOnlyList<double> ValidationRSquared { get; init; } = [];
}
