namespace NativeNet.Training;

/// <summary>The outcome of <see cref="Solver{T}.Train"/>.</summary>
/// <param name="Reason">Why training stopped.</param>
/// <param name="Message">A one-line explanation, e.g. which iteration produced a non-finite loss.</param>
/// <param name="History">Everything recorded, across resumes.</param>
/// <param name="EpochsCompleted">Epochs completed in total.</param>
/// <param name="Iterations">Iterations completed in total.</param>
/// <param name="BestValidationAccuracy">The best validation accuracy seen (NaN without validation data).</param>
/// <param name="BestEpoch">The epoch (from 1) of the best validation accuracy, 0 if none.</param>
/// <param name="TrainSeconds">Wall time spent in this call.</param>
public sealed record TrainingResult(
    StopReason Reason,
    string Message,
    TrainingHistory History,
    int EpochsCompleted,
    long Iterations,
    double BestValidationAccuracy,
    int BestEpoch,
    double TrainSeconds)
{
    /// <summary>The lowest validation loss of a target task (NaN for a classifier or without validation data).</summary>
    public double BestValidationLoss { get; init; } = double.NaN;
}
