namespace NativeNet.Training;

/// <summary>
/// What a training run recorded: per-iteration loss, gradient norm and learning rate; per-epoch training and
/// validation accuracy; and, when evaluation every N iterations is on, accuracies with their iteration numbers.
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>Loss (data loss plus penalty) of every iteration.</summary>
    public List<double> Loss { get; } = [];

    /// <summary>Global L2 norm of the gradient of every iteration, before clipping.</summary>
    public List<double> GradientNorm { get; } = [];

    /// <summary>Learning rate of every iteration.</summary>
    public List<double> LearningRate { get; } = [];

    /// <summary>Training accuracy (on the configured subset) after each epoch.</summary>
    public List<double> TrainAccuracy { get; } = [];

    /// <summary>Validation accuracy after each epoch (empty without validation data).</summary>
    public List<double> ValidationAccuracy { get; } = [];

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
    }
}
