using NativeNet.Regularization;
using NativeNet.Schedules;

namespace NativeNet.Training;

/// <summary>How a <see cref="Solver{T}"/> trains: batch size, epochs, evaluation, schedule, seed.</summary>
public sealed record SolverOptions
{
    /// <summary>
    /// Samples per minibatch (the last batch of an epoch may be smaller, unless <see cref="DropLastPartialBatch"/>); a
    /// batch size above the training set's size trains on the whole set at once.
    /// </summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// Skip each epoch's final minibatch when it is smaller than the others (PyTorch's <c>drop_last</c>): every step
    /// then averages the same number of samples, and the samples left over are a different few each epoch, as the
    /// shuffle moves them. Off by default, so that every sample trains every epoch — except a final minibatch of one
    /// sample in a model with batch normalization (unbiased running variance), which is always skipped: its variance
    /// is undefined.
    /// </summary>
    public bool DropLastPartialBatch { get; init; }

    /// <summary>Number of passes over the training data.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Iterations between <see cref="Solver{T}.Progress"/> events of kind <see cref="ProgressKind.Iteration"/>.</summary>
    public int ReportEvery { get; init; } = 10;

    /// <summary>
    /// How many training samples (a fixed seeded subset per epoch) measure the training accuracy after each
    /// epoch — the classic <c>num_train_samples</c>; null uses all of them, 0 skips the measurement.
    /// </summary>
    public int? TrainAccuracySamples { get; init; } = 1000;

    /// <summary>How many validation samples measure the validation accuracy; null uses all of them.</summary>
    public int? ValidationSamples { get; init; }

    /// <summary>Also measure training and validation accuracy every this many iterations (0: only after each epoch).</summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Samples per forward pass when measuring accuracy (activations of a whole dataset are never held at once).</summary>
    public int EvaluationBatchSize { get; init; } = 1000;

    /// <summary>The seed of the per-epoch shuffles and of the training-accuracy subsets.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// The learning rate for each epoch (or iteration, as <see cref="ScheduleUnit"/> says) from the optimizer's initial rate; null keeps that rate. The classic per-epoch
    /// <c>lr_decay</c> is a <see cref="MultiplicativeDecaySchedule"/>.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Whether <see cref="Schedule"/> counts epochs (the default, the classic per-epoch decay) or iterations (warmup
    /// over a number of steps, a cosine over the whole run).
    /// </summary>
    public ScheduleUnit ScheduleUnit { get; init; } = ScheduleUnit.Epoch;

    /// <summary>Clip gradients to this global L2 norm before each step; null does not clip.</summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>The L1/L2 weight penalty added to the loss and the gradients; null for none.</summary>
    public WeightPenalty? Penalty { get; init; }

    /// <summary>Whether to put back the parameters of the best validation accuracy when training ends.</summary>
    public bool RestoreBestParameters { get; init; } = true;

    /// <summary>
    /// Measure the training and validation accuracy once before the first step and record them as epoch 0 of the
    /// per-epoch histories (<see cref="TrainingHistory.Epoch"/> says which epoch each entry is), so curves start from
    /// the untrained network. It does not take part in choosing the best parameters. On by default.
    /// </summary>
    public bool EvaluateBeforeTraining { get; init; } = true;

    /// <summary>
    /// Stop when the validation metric that selects the best parameters stops improving; null (the default) trains
    /// every epoch. Without validation data it has no effect.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be positive.");
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The number of epochs must not be negative.");
        if (ReportEvery <= 0) throw new ArgumentOutOfRangeException(nameof(ReportEvery), ReportEvery, "The report interval must be positive.");
        if (TrainAccuracySamples < 0) throw new ArgumentOutOfRangeException(nameof(TrainAccuracySamples), TrainAccuracySamples, "Must not be negative.");
        if (ValidationSamples < 0) throw new ArgumentOutOfRangeException(nameof(ValidationSamples), ValidationSamples, "Must not be negative.");
        if (EvaluateEvery < 0) throw new ArgumentOutOfRangeException(nameof(EvaluateEvery), EvaluateEvery, "Must not be negative.");
        if (EvaluationBatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "Must be positive.");
        if (MaxGradientNorm is { } max && !(max > 0))
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), max, "The clipping norm must be positive.");
        EarlyStopping?.Validate();
    }
}
