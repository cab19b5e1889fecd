namespace NativeNet.Training;

/// <summary>A progress report raised by <see cref="Solver{T}.Progress"/>; the library itself never writes to the console.</summary>
public sealed record TrainingProgress
{
    /// <summary>Why the event was raised.</summary>
    public required ProgressKind Kind { get; init; }

    /// <summary>The current epoch, counted from 1.</summary>
    public required int Epoch { get; init; }

    /// <summary>The number of epochs this run trains to.</summary>
    public required int Epochs { get; init; }

    /// <summary>Iterations completed since the start of training (across resumes).</summary>
    public required long Iteration { get; init; }

    /// <summary>The iteration count at the end of the last epoch.</summary>
    public required long TotalIterations { get; init; }

    /// <summary>
    /// The training loss (data loss plus penalty): of the latest minibatch for iteration events; for epoch events, the
    /// mean over the epoch's samples (each minibatch's loss weighted by its size), as <see cref="TrainingHistory.EpochLoss"/>.
    /// </summary>
    public required double Loss { get; init; }

    /// <summary>The learning rate in force.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Training throughput of this run so far.</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Estimated time to the end of training at the current throughput.</summary>
    public required TimeSpan EstimatedRemaining { get; init; }

    /// <summary>Training accuracy (on the configured subset) for epoch events; null otherwise.</summary>
    public double? TrainAccuracy { get; init; }

    /// <summary>Validation accuracy for epoch events when there is validation data; null otherwise.</summary>
    public double? ValidationAccuracy { get; init; }
}
