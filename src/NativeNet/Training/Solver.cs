using System.Diagnostics;
using System.Numerics;
using NativeNet.Data;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Schedules;
using NativeNet.Tensors;

namespace NativeNet.Training;

/// <summary>
/// Trains a network with minibatch gradient descent — the classic Solver: shuffled minibatches each epoch, the
/// learning-rate schedule applied per epoch (or per iteration), training and validation accuracy before training and after each epoch,
/// the mean training loss of each epoch, and the parameters of the best validation accuracy kept and restored at the end.
/// </summary>
/// <remarks>
/// <para>
/// Two tasks, one training loop. A classifier (<see cref="ClassificationLoss{T}"/> over a <see cref="Dataset{T}"/> of
/// integer labels) is measured by accuracy and keeps the parameters of the best validation accuracy. A target task
/// (<see cref="ElementwiseLoss{T}"/> — mean squared error, binary cross-entropy on logits — over a
/// <see cref="TargetDataset{T}"/> of real-valued targets: multi-output regression, multi-label classification) is
/// measured by the validation loss, MSE, MAE and R² (<see cref="TrainingHistory.ValidationRSquared"/>) and keeps the
/// parameters of the lowest validation loss. Either can stop early (<see cref="SolverOptions.EarlyStopping"/>) and run
/// <see cref="Callbacks"/>.
/// </para>
/// <para>
/// Beyond the classic: <see cref="Progress"/> events (the library never writes to the console), cancellation, a
/// clean stop when the loss or the gradient becomes non-finite (the parameters from before that step are kept, and
/// the message says when even those are not finite) or when a parameter or buffer is non-finite at the end of an
/// epoch, and checkpoints (<see cref="Checkpoint"/>) from which training resumes bit-identically.
/// </para>
/// <para>
/// Every random choice is a function of <see cref="SolverOptions.Seed"/> and the epoch (the shuffle, the
/// training-accuracy subset) or lives in a layer's saved generator (dropout masks), so a run is reproducible and a
/// resumed run continues exactly as an uninterrupted one would.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Solver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const ulong TrainSubsetStream = 0x7472_6169_6E5F_6163; // "train_ac": keeps subset draws apart from shuffles

    private readonly EpochShuffler _shuffler;
    private readonly EpochShuffler? _trainSubsetShuffler;
    private readonly MinibatchGatherer<T> _gatherer;
    private readonly MinibatchGatherer<T>? _evaluationGatherer;
    private readonly int[] _evaluationPredictions = [];
    private readonly double _baseLearningRate;
    private NdArray<T>[]? _best;
    private (NdArray<T> Live, NdArray<T> Backup)[]? _bufferBackups;

    /// <summary>Prepares training; nothing runs until <see cref="Train"/>.</summary>
    /// <param name="model">The network; its last layer's outputs are the class scores.</param>
    /// <param name="loss">The data loss, e.g. <see cref="SoftmaxCrossEntropyLoss{T}"/>.</param>
    /// <param name="optimizer">The update rule over <paramref name="model"/>'s parameters; its current learning rate is the base rate of the schedule.</param>
    /// <param name="train">The training data.</param>
    /// <param name="validation">Validation data for per-epoch accuracy and best-model selection, or null.</param>
    /// <param name="options">Batch size, epochs, evaluation, schedule and seed.</param>
    /// <exception cref="ArgumentException">The data's sample shapes differ or an option is invalid.</exception>
    public Solver(Sequential<T> model, ClassificationLoss<T> loss, Optimizer<T> optimizer, Dataset<T> train,
        Dataset<T>? validation, SolverOptions options)
        : this(model, loss, optimizer, train?.Features, validation?.Features, options)
    {
        TrainData = train!;
        ValidationData = validation;
        _gatherer = new MinibatchGatherer<T>(train!, Math.Min(options.BatchSize, train!.Count));
        (BatchesPerEpoch, SamplesPerEpoch) = EpochSize(train.Count, _gatherer, options, model);
        int trainSubset = Math.Min(options.TrainAccuracySamples ?? train.Count, train.Count);
        if (trainSubset > 0)
        {
            _trainSubsetShuffler = new EpochShuffler(train.Count, options.Seed ^ TrainSubsetStream);
            _evaluationGatherer = new MinibatchGatherer<T>(train, Math.Min(options.EvaluationBatchSize, trainSubset));
        }
        _evaluationPredictions = new int[Math.Min(options.EvaluationBatchSize, Math.Max(train.Count, validation?.Count ?? 0))];
    }

    /// <summary>Prepares training towards real-valued targets (regression, multi-label); nothing runs until <see cref="Train"/>.</summary>
    /// <param name="model">The network; its last layer's outputs, shape (N, K), are compared with the targets.</param>
    /// <param name="loss">The data loss, e.g. <see cref="MeanSquaredErrorLoss{T}"/> or <see cref="BinaryCrossEntropyWithLogitsLoss{T}"/>.</param>
    /// <param name="optimizer">The update rule over <paramref name="model"/>'s parameters; its current learning rate is the base rate of the schedule.</param>
    /// <param name="train">The training data.</param>
    /// <param name="validation">Validation data for per-epoch metrics and best-model selection (lowest validation loss), or null.</param>
    /// <param name="options">Batch size, epochs, evaluation, schedule and seed; the training-accuracy options do not apply.</param>
    /// <exception cref="ArgumentException">The data's sample shapes or target counts differ, or an option is invalid.</exception>
    public Solver(Sequential<T> model, ElementwiseLoss<T> loss, Optimizer<T> optimizer, TargetDataset<T> train,
        TargetDataset<T>? validation, SolverOptions options)
        : this(model, loss, optimizer, train?.Features, validation?.Features, options)
    {
        if (validation is not null && validation.TargetCount != train!.TargetCount)
            throw new ArgumentException($"Validation samples have {validation.TargetCount} targets but training samples have {train.TargetCount}.", nameof(validation));
        TrainTargets = train!;
        ValidationTargets = validation;
        _gatherer = new MinibatchGatherer<T>(train!, Math.Min(options.BatchSize, train!.Count));
        (BatchesPerEpoch, SamplesPerEpoch) = EpochSize(train.Count, _gatherer, options, model);
    }

    // What both tasks check and set: the loss is a ClassificationLoss<T> or an ElementwiseLoss<T>.
    private Solver(Sequential<T> model, object loss, Optimizer<T> optimizer, NdArray<T>? train, NdArray<T>? validation, SolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train, nameof(train));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Rows == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        if (validation is not null && !validation.Shape[1..].SequenceEqual(train.Shape[1..]))
            throw new ArgumentException(
                $"Validation samples have shape {NdArray<T>.FormatShape(validation.Shape[1..])} but training samples have {NdArray<T>.FormatShape(train.Shape[1..])}.",
                nameof(validation));

        Model = model;
        Loss = loss as ClassificationLoss<T>;
        TargetLoss = loss as ElementwiseLoss<T>;
        Optimizer = optimizer;
        Options = options;
        _baseLearningRate = optimizer.LearningRate;
        _shuffler = new EpochShuffler(train.Rows, options.Seed);
        _gatherer = null!; // set by the public constructor, which knows the task
    }

    // The batch is at most the training set, so dropping a partial last batch always leaves at least one. A last batch
    // of one sample is dropped anyway where batch normalization cannot train on it (an unbiased variance needs two),
    // as 1,297 samples in batches of 16 would leave: the epoch would otherwise fail at its end.
    private static (int Batches, int Samples) EpochSize(int count, MinibatchGatherer<T> gatherer, SolverOptions options, Sequential<T> model)
    {
        bool dropLast = options.DropLastPartialBatch
            || (count % gatherer.BatchSize == 1 && count > 1 && model.Layers.Any(l => l is BatchNorm<T> { VarianceEstimate: RunningVarianceEstimate.Unbiased }));
        int batches = dropLast ? count / gatherer.BatchSize : gatherer.BatchesPerEpoch;
        return (batches, dropLast ? batches * gatherer.BatchSize : count);
    }

    /// <summary>Raised every <see cref="SolverOptions.ReportEvery"/> iterations and after every epoch.</summary>
    public event EventHandler<TrainingProgress>? Progress;

    /// <summary>The network being trained.</summary>
    public Sequential<T> Model { get; }

    /// <summary>The data loss of a classifier; null when the solver trains towards targets (<see cref="TargetLoss"/>).</summary>
    public ClassificationLoss<T>? Loss { get; }

    /// <summary>The data loss of a target task (regression, multi-label); null for a classifier (<see cref="Loss"/>).</summary>
    public ElementwiseLoss<T>? TargetLoss { get; }

    /// <summary>The update rule.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The training data of a classifier; null for a target task (<see cref="TrainTargets"/>).</summary>
    public Dataset<T>? TrainData { get; }

    /// <summary>The validation data of a classifier, or null.</summary>
    public Dataset<T>? ValidationData { get; }

    /// <summary>The training data of a target task; null for a classifier (<see cref="TrainData"/>).</summary>
    public TargetDataset<T>? TrainTargets { get; }

    /// <summary>The validation data of a target task, or null.</summary>
    public TargetDataset<T>? ValidationTargets { get; }

    /// <summary>
    /// Run in order at every step end, epoch end and the end of training (<see cref="ITrainingCallback{T}"/>); empty by default.
    /// </summary>
    public IReadOnlyList<ITrainingCallback<T>> Callbacks { get; init; } = [];

    /// <summary>
    /// Test data whose accuracy is recorded after every epoch (<see cref="TrainingHistory.TestAccuracy"/>), only to
    /// watch it: it takes no part in choosing the best parameters. Null (the default) skips it.
    /// </summary>
    public Dataset<T>? MonitoredTestData { get; init; }

    /// <summary>
    /// Computes each step's loss and gradient in place of the model's own <c>ComputeLoss</c>, e.g. data-parallel across
    /// processes; null (the default) computes them here.
    /// </summary>
    public IMinibatchGradient<T>? MinibatchGradient { get; init; }

    /// <summary>The options this solver was created with.</summary>
    public SolverOptions Options { get; }

    /// <summary>Minibatches per epoch (the last one may be partial, unless <see cref="SolverOptions.DropLastPartialBatch"/>).</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Samples trained on per epoch: the whole training set, less the partial last batch when it is dropped.</summary>
    public int SamplesPerEpoch { get; }

    /// <summary>Everything recorded so far, across resumes.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>The epoch in progress or next to run, counted from 0.</summary>
    public int Epoch { get; private set; }

    /// <summary>The next minibatch within <see cref="Epoch"/> (0 at an epoch boundary).</summary>
    public int BatchInEpoch { get; private set; }

    /// <summary>Iterations completed in total.</summary>
    public long Iteration { get; private set; }

    /// <summary>The best validation accuracy so far (NaN before the first measurement or without validation data).</summary>
    public double BestValidationAccuracy { get; private set; } = double.NaN;

    /// <summary>The lowest validation loss so far of a target task (NaN before the first measurement, without validation data, or for a classifier).</summary>
    public double BestValidationLoss { get; private set; } = double.NaN;

    /// <summary>The epoch (from 1) of <see cref="BestValidationAccuracy"/> (of <see cref="BestValidationLoss"/> for a target task), 0 if none.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The base learning rate the schedule scales (the optimizer's rate when the solver was created).</summary>
    public double BaseLearningRate => _baseLearningRate;

    /// <summary>
    /// Trains from the current position (the start, or where a checkpoint left off) to <see cref="SolverOptions.Epochs"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops training after the iteration in progress; the result says so.</param>
    public TrainingResult Train(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        long startIteration = Iteration;
        long totalIterations = (long)Options.Epochs * BatchesPerEpoch;
        var order = new int[_shuffler.Count];
        var reason = StopReason.Completed;
        string message = $"Trained {Options.Epochs} epochs.";
        // Before the first step only: a resumed run has taken steps, or (saved before any) has recorded epoch 0 already.
        if (Options.EvaluateBeforeTraining && Iteration == 0 && History.Epoch.Count == 0) RecordEpoch(double.NaN);

        while (Epoch < Options.Epochs)
        {
            if (BatchInEpoch == 0 && StopsEarly() is { } early)
            {
                reason = StopReason.EarlyStopped;
                message = early;
                goto Done;
            }
            double rate = RateAt(Options.ScheduleUnit == ScheduleUnit.Iteration ? Iteration : Epoch);
            Optimizer.LearningRate = rate;
            _shuffler.FillPermutation(Epoch, order);
            Model.Train();
            while (BatchInEpoch < BatchesPerEpoch)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    reason = StopReason.Cancelled;
                    message = $"Cancelled at epoch {Epoch + 1}, iteration {Iteration}.";
                    goto Done;
                }
                if (Options.ScheduleUnit == ScheduleUnit.Iteration)
                {
                    rate = RateAt(Iteration);
                    Optimizer.LearningRate = rate;
                }
                _gatherer.GatherBatch(order, BatchInEpoch);
                BackUpBuffers();
                T lossValue = (Loss, MinibatchGradient) switch
                {
                    (null, null) => Model.ComputeLoss(_gatherer.Features, _gatherer.Targets!, TargetLoss!, Options.Penalty).Loss,
                    (null, { } parts) => parts.Compute(Model, TargetLoss!, _gatherer.Features, _gatherer.Targets!, Options.Penalty),
                    ({ } classification, null) => Model.ComputeLoss(_gatherer.Features, _gatherer.Labels, classification, Options.Penalty).Loss,
                    ({ } classification, { } parts) => parts.Compute(Model, classification, _gatherer.Features, _gatherer.Labels, Options.Penalty),
                };
                double loss = double.CreateTruncating(lossValue);
                double norm = GradientClipping.GlobalNorm(Model.Parameters);
                // The optimizer trains the model's parameters, so this norm is the one clipping would compute again.
                if (Options.MaxGradientNorm is { } max && double.IsFinite(norm) && norm > max) GradientClipping.ScaleToMaxNorm(Optimizer.Parameters, norm, max);
                if (!double.IsFinite(loss) || !double.IsFinite(norm))
                {
                    RestoreBuffers();
                    reason = StopReason.Diverged;
                    // An earlier step can overflow the weights while its own loss was still finite: then there is
                    // nothing finite left to keep, and the message says so instead of promising the previous step.
                    message = $"{(double.IsFinite(loss) ? "Gradient norm" : "Loss")} became {(double.IsFinite(loss) ? norm : loss)} " +
                              $"at epoch {Epoch + 1}, iteration {Iteration + 1}; " +
                              (FirstNonFiniteState() is { } bad ? $"the parameters are not finite either ({bad})." : "the parameters from before that step are kept.");
                    goto Done;
                }
                Optimizer.Step();
                Iteration++;
                BatchInEpoch++;
                History.Loss.Add(loss);
                History.GradientNorm.Add(norm);
                History.LearningRate.Add(rate);
                History.BatchSize.Add(_gatherer.Count);

                if (Options.EvaluateEvery > 0 && Iteration % Options.EvaluateEvery == 0)
                {
                    History.EvaluationIteration.Add(Iteration);
                    History.TrainAccuracyAtIteration.Add(TrainAccuracy(Epoch));
                    History.ValidationAccuracyAtIteration.Add(ValidationAccuracy());
                    Model.Train();
                }
                if (Iteration % Options.ReportEvery == 0 && Progress is not null)
                    Report(ProgressKind.Iteration, loss, rate, startIteration, totalIterations, clock, null, null);
                for (int c = 0; c < Callbacks.Count; c++) Callbacks[c].OnStepEnd(this);
            }

            // A NaN weight behind a ReLU gives zeros, not a NaN loss, so the step checks miss it: one pass per epoch
            // stops training before a broken epoch is reported (and saved) as complete.
            if (FirstNonFiniteState() is { } broken)
            {
                reason = StopReason.Diverged;
                message = $"The model became non-finite in epoch {Epoch + 1} although the loss stayed finite: {broken}.";
                goto Done;
            }
            double epochLoss = EpochMeanLoss();
            Epoch++;
            BatchInEpoch = 0;
            var (trainAccuracy, validationAccuracy) = RecordEpoch(epochLoss);
            if (ValidationData is not null && (double.IsNaN(BestValidationAccuracy) || validationAccuracy > BestValidationAccuracy))
            {
                BestValidationAccuracy = validationAccuracy;
                BestEpoch = Epoch;
                SnapshotBest();
            }
            else if (ValidationTargets is not null && (double.IsNaN(BestValidationLoss) || History.ValidationLoss[^1] < BestValidationLoss))
            {
                BestValidationLoss = History.ValidationLoss[^1];
                BestEpoch = Epoch;
                SnapshotBest();
            }
            for (int c = 0; c < Callbacks.Count; c++) Callbacks[c].OnEpochEnd(this);
            if (Progress is not null)
                Report(ProgressKind.Epoch, epochLoss, rate, startIteration, totalIterations, clock,
                    TrainData is null ? null : trainAccuracy, ValidationData is null ? null : validationAccuracy);
        }

    Done:
        Model.Train();
        if (Options.RestoreBestParameters && reason != StopReason.Cancelled) RestoreBestParameters();
        var result = new TrainingResult(reason, message, History, Epoch, Iteration, BestValidationAccuracy, BestEpoch, clock.Elapsed.TotalSeconds)
        {
            BestValidationLoss = BestValidationLoss,
        };
        for (int c = 0; c < Callbacks.Count; c++) Callbacks[c].OnTrainEnd(this, result);
        return result;
    }

    // Why training stops before the next epoch under SolverOptions.EarlyStopping, or null to go on. The history holds
    // everything the decision needs, so a resumed run decides as the uninterrupted one did.
    private string? StopsEarly()
    {
        if (Options.EarlyStopping is not { } stopping || (ValidationData is null && ValidationTargets is null)) return null;
        bool accuracy = ValidationTargets is null;
        var (best, stop) = stopping.Decide(History.Epoch, accuracy ? History.ValidationAccuracy : History.ValidationLoss, higherIsBetter: accuracy);
        if (!stop) return null;
        string since = best == 0 ? "in any epoch" : $"since epoch {best}";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Stopped early after epoch {Epoch}: the validation {(accuracy ? "accuracy" : "loss")} has not improved by more than {stopping.MinDelta} {since} (patience {stopping.Patience}).");
    }

    /// <summary>
    /// Copies the parameters (and buffers) of the best validation accuracy into the model. <see cref="Train"/> does this
    /// itself when <see cref="SolverOptions.RestoreBestParameters"/> is set, except after a cancellation, so that a
    /// checkpoint saved then continues where training stopped; call this after saving to use the best ones anyway.
    /// </summary>
    /// <returns>Whether there was a best snapshot to restore (there is none before the first epoch with validation data).</returns>
    public bool RestoreBestParameters()
    {
        if (_best is null) return false;
        var state = Model.State();
        for (int i = 0; i < state.Count; i++) _best[i].CopyTo(state[i].Value);
        return true;
    }

    /// <summary>The best-validation snapshot, in the order of <see cref="Sequential{T}.State"/>, or null before the first validation.</summary>
    internal NdArray<T>[]? BestSnapshot => _best;

    /// <summary>Puts the solver at a saved position; used by <see cref="Checkpoint"/>.</summary>
    internal void Restore(int epoch, int batchInEpoch, long iteration, double bestValidationAccuracy, double bestValidationLoss, int bestEpoch, NdArray<T>[]? best)
    {
        if (epoch < 0 || batchInEpoch < 0 || batchInEpoch >= Math.Max(1, BatchesPerEpoch) || iteration < 0)
            throw new ArgumentException($"Invalid solver position: epoch {epoch}, batch {batchInEpoch}, iteration {iteration}.");
        Epoch = epoch;
        BatchInEpoch = batchInEpoch;
        Iteration = iteration;
        BestValidationAccuracy = bestValidationAccuracy;
        BestValidationLoss = bestValidationLoss;
        BestEpoch = bestEpoch;
        _best = best;
    }

    // The first parameter or buffer element that is NaN or infinite, described, or null when all are finite.
    private string? FirstNonFiniteState()
    {
        foreach (var (name, value) in Model.State())
        {
            int bad = value.IndexOfNonFinite();
            if (bad >= 0) return $"'{name}' holds {value[bad]} at element {bad}";
        }
        return null;
    }

    // Running statistics change in the forward pass, before the loss is known: a small per-step copy lets a
    // divergent step leave them as they were.
    private void BackUpBuffers()
    {
        _bufferBackups ??= Model.Buffers.Select(b => (b.Value, new NdArray<T>(b.Value.Shape.ToArray()))).ToArray();
        foreach (var (live, backup) in _bufferBackups) live.CopyTo(backup);
    }

    private void RestoreBuffers()
    {
        foreach (var (live, backup) in _bufferBackups!) backup.CopyTo(live);
    }

    private double TrainAccuracy(int epoch)
    {
        if (_trainSubsetShuffler is null || _evaluationGatherer is null) return double.NaN;
        int subset = Math.Min(Options.TrainAccuracySamples ?? TrainData!.Count, TrainData!.Count);
        var order = _trainSubsetShuffler.PermutationFor(epoch)[..subset];
        long correct = 0;
        int batch = _evaluationGatherer.BatchSize;
        for (int start = 0; start < subset; start += batch)
        {
            int n = Math.Min(batch, subset - start);
            _evaluationGatherer.Gather(order.Slice(start, n));
            correct += Evaluator.CountCorrect(Model, _evaluationGatherer.Features, _evaluationGatherer.Labels, _evaluationPredictions);
        }
        return (double)correct / subset;
    }

    // The rate at `step`, an epoch or an iteration as the schedule counts; the caller passes the matching one.
    private double RateAt(long step) =>
        Options.Schedule is null ? _baseLearningRate : Options.Schedule.RateAt((int)Math.Min(step, int.MaxValue), _baseLearningRate);

    private double ValidationAccuracy() =>
        ValidationData is null ? double.NaN : Evaluator.Accuracy(Model, ValidationData, Options.EvaluationBatchSize, Options.ValidationSamples);

    private void SnapshotBest()
    {
        var state = Model.State();
        _best ??= state.Select(t => new NdArray<T>(t.Value.Shape.ToArray())).ToArray();
        for (int i = 0; i < state.Count; i++) state[i].Value.CopyTo(_best[i]);
    }

    // Records the accuracies at the current epoch count (0 before training) with that epoch's mean training loss.
    // The training-accuracy subset of epoch count e is drawn for index e − 1; epoch 0 shares epoch 1's, a paired start.
    private (double Train, double Validation) RecordEpoch(double epochLoss)
    {
        double train = TrainAccuracy(Math.Max(0, Epoch - 1));
        // One pass gives the accuracy (the same bits as ValidationAccuracy) and the per-class metrics.
        var classification = ValidationData is null ? null
            : Evaluator.Classification(Model, ValidationData, Options.EvaluationBatchSize, Options.ValidationSamples);
        double validation = classification?.Accuracy ?? double.NaN;
        History.Epoch.Add(Epoch);
        History.EpochLoss.Add(epochLoss);
        History.TrainAccuracy.Add(train);
        if (ValidationData is not null)
        {
            History.ValidationAccuracy.Add(validation);
            History.ValidationMacroF1.Add(classification!.MacroF1);
            History.ValidationLoss.Add(Evaluator.MeanLoss(Model, Loss!, ValidationData, Options.EvaluationBatchSize, Options.ValidationSamples));
        }
        if (ValidationTargets is not null)
        {
            var (loss, metrics) = Evaluator.Evaluate(Model, TargetLoss!, ValidationTargets, Options.EvaluationBatchSize, Options.ValidationSamples);
            History.ValidationLoss.Add(loss);
            History.ValidationMeanSquaredError.Add(metrics.MeanSquaredError);
            History.ValidationMeanAbsoluteError.Add(metrics.MeanAbsoluteError);
            History.ValidationRSquared.Add(metrics.RSquared);
        }
        if (MonitoredTestData is not null) History.TestAccuracy.Add(Evaluator.Accuracy(Model, MonitoredTestData, Options.EvaluationBatchSize));
        return (train, validation);
    }

    // The epoch's minibatch losses are the last BatchesPerEpoch entries of the loss history, also after a resume
    // mid-epoch (the checkpoint restores the history); each counts as many times as its minibatch has samples.
    private double EpochMeanLoss()
    {
        int first = History.Loss.Count - BatchesPerEpoch;
        if (first < 0) return double.NaN;
        int batch = _gatherer.BatchSize;
        double sum = 0;
        for (int b = 0; b < BatchesPerEpoch; b++)
            sum += History.Loss[first + b] * (b < BatchesPerEpoch - 1 ? batch : SamplesPerEpoch - b * batch);
        return sum / SamplesPerEpoch;
    }

    private void Report(ProgressKind kind, double loss, double rate, long startIteration, long totalIterations, Stopwatch clock,
        double? trainAccuracy, double? validationAccuracy)
    {
        double seconds = clock.Elapsed.TotalSeconds;
        long done = Iteration - startIteration;
        double samplesPerSecond = seconds > 0 ? done * (double)Options.BatchSize / seconds : 0;
        double secondsPerIteration = done > 0 ? seconds / done : 0;
        var remaining = TimeSpan.FromSeconds(Math.Max(0, totalIterations - Iteration) * secondsPerIteration);
        Progress?.Invoke(this, new TrainingProgress
        {
            Kind = kind,
            Epoch = Math.Min(Options.Epochs, kind == ProgressKind.Epoch ? Epoch : Epoch + 1),
            Epochs = Options.Epochs,
            Iteration = Iteration,
            TotalIterations = totalIterations,
            Loss = loss,
            LearningRate = rate,
            SamplesPerSecond = samplesPerSecond,
            EstimatedRemaining = remaining,
            TrainAccuracy = trainAccuracy,
            ValidationAccuracy = validationAccuracy,
        });
    }
}
