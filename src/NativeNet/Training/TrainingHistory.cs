namespace NativeNet.Training;

/// <summary>
/// What a training run recorded: per-iteration loss, gradient norm, learning rate and minibatch size; per-epoch
/// epoch number, mean training loss, training and validation accuracy, validation loss and (when monitored) test accuracy; and, when evaluation every N iterations is
/// on, accuracies with their iteration numbers.
/// </summary>
/// <remarks>
/// The per-epoch series run in step: entry i of <see cref="EpochLoss"/>, <see cref="TrainAccuracy"/> and
/// <see cref="ValidationAccuracy"/> and <see cref="ValidationLoss"/> (empty without validation data) and
/// <see cref="TestAccuracy"/> (empty without monitored test data) belongs to epoch <see cref="Epoch"/>[i]. That list
/// starts at 0 when the solver evaluates before training (<see cref="SolverOptions.EvaluateBeforeTraining"/>), an
/// entry with no training loss (NaN).
/// </remarks>
public sealed class TrainingHistory
{
    /// <summary>Loss (data loss plus penalty) of every iteration.</summary>
    public List<double> Loss { get; } = [];

    /// <summary>
    /// Global L2 norm of the gradient of every iteration, before clipping. The gradient is of the minibatch's mean
    /// loss, so a smaller (final, partial) minibatch gives a noisier and on average larger norm: see <see cref="BatchSize"/>.
    /// </summary>
    public List<double> GradientNorm { get; } = [];

    /// <summary>Learning rate of every iteration.</summary>
    public List<double> LearningRate { get; } = [];

    /// <summary>The number of samples in the minibatch of every iteration (less than the batch size for an epoch's partial last one).</summary>
    public List<double> BatchSize { get; } = [];

    /// <summary>Which epoch each per-epoch entry belongs to: the number of epochs completed when it was measured (0 = before training).</summary>
    public List<double> Epoch { get; } = [];

    /// <summary>
    /// The mean training loss (data loss plus penalty) over each epoch's samples: its minibatch losses weighted by
    /// their sizes. NaN for epoch 0.
    /// </summary>
    public List<double> EpochLoss { get; } = [];

    /// <summary>Training accuracy (on the configured subset) at each of <see cref="Epoch"/>.</summary>
    public List<double> TrainAccuracy { get; } = [];

    /// <summary>Validation accuracy at each of <see cref="Epoch"/> (empty without validation data).</summary>
    public List<double> ValidationAccuracy { get; } = [];

    /// <summary>
    /// The macro-averaged F1 of a classifier on the validation samples at each of <see cref="Epoch"/> (empty for a
    /// target task or without validation data), as <see cref="Metrics.ClassificationMetrics.MacroF1"/> computes it.
    /// </summary>
    public List<double> ValidationMacroF1 { get; } = [];

    /// <summary>
    /// The mean data loss (without the weight penalty) over the validation samples, in evaluation mode, at each of
    /// <see cref="Epoch"/> (empty without validation data).
    /// </summary>
    public List<double> ValidationLoss { get; } = [];

    /// <summary>
    /// The mean squared error of a target task's predictions on the validation samples at each of <see cref="Epoch"/>
    /// (empty for a classifier or without validation data), as <see cref="Metrics.RegressionMetrics"/> computes it.
    /// </summary>
    public List<double> ValidationMeanSquaredError { get; } = [];

    /// <summary>The mean absolute error on the validation samples at each of <see cref="Epoch"/>, as <see cref="ValidationMeanSquaredError"/>.</summary>
    public List<double> ValidationMeanAbsoluteError { get; } = [];

    /// <summary>R² (averaged over the outputs) on the validation samples at each of <see cref="Epoch"/>, as <see cref="ValidationMeanSquaredError"/>.</summary>
    public List<double> ValidationRSquared { get; } = [];

    /// <summary>Test accuracy at each of <see cref="Epoch"/>, when the solver was given test data to monitor (empty otherwise).</summary>
    public List<double> TestAccuracy { get; } = [];

    /// <summary>The iteration numbers of the every-N-iterations evaluations.</summary>
    public List<double> EvaluationIteration { get; } = [];

    /// <summary>Training accuracy at each of <see cref="EvaluationIteration"/>.</summary>
    public List<double> TrainAccuracyAtIteration { get; } = [];

    /// <summary>Validation accuracy at each of <see cref="EvaluationIteration"/>.</summary>
    public List<double> ValidationAccuracyAtIteration { get; } = [];

    /// <summary>Every series by its export name (snake_case, as the classic Solver names them).</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<double>>> Series()
    {
        foreach (var (name, list) in Named()) yield return new(name, list);
    }

    /// <summary>Replaces every series with the values in <paramref name="series"/>; unknown names are an error.</summary>
    public void Load(IReadOnlyDictionary<string, double[]> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var known = Named().ToDictionary(p => p.Name, p => p.List);
        foreach (var name in series.Keys)
            if (!known.ContainsKey(name)) throw new ArgumentException($"Unknown history series '{name}'.", nameof(series));
        foreach (var (name, list) in known)
        {
            list.Clear();
            if (series.TryGetValue(name, out var values)) list.AddRange(values);
        }
    }

    private IEnumerable<(string Name, List<double> List)> Named()
    {
        yield return ("loss_history", Loss);
        yield return ("grad_norm_history", GradientNorm);
        yield return ("lr_history", LearningRate);
        yield return ("train_acc_history", TrainAccuracy);
        yield return ("val_acc_history", ValidationAccuracy);
        yield return ("eval_iterations", EvaluationIteration);
        yield return ("train_acc_at_iteration", TrainAccuracyAtIteration);
        yield return ("val_acc_at_iteration", ValidationAccuracyAtIteration);
        yield return ("batch_size_history", BatchSize);
        yield return ("epoch_history", Epoch);
        yield return ("epoch_loss_history", EpochLoss);
        yield return ("val_loss_history", ValidationLoss);
        yield return ("test_acc_history", TestAccuracy);
        yield return ("val_f1_history", ValidationMacroF1);
        yield return ("val_mse_history", ValidationMeanSquaredError);
        yield return ("val_mae_history", ValidationMeanAbsoluteError);
        yield return ("val_r2_history", ValidationRSquared);
    }
}
