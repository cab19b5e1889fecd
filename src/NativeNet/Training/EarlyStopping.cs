namespace NativeNet.Training;

/// <summary>
/// Stops training when the validation metric that selects the best parameters — the validation accuracy of a
/// classifier, the validation loss of a target task — has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs (Keras's <c>EarlyStopping</c>). Set it as <see cref="SolverOptions.EarlyStopping"/>; it needs validation data.
/// </summary>
/// <remarks>
/// The decision is read from the per-epoch history (the measurement before training, epoch 0, does not count), so a
/// run resumed from a checkpoint stops at the same epoch as an uninterrupted one.
/// </remarks>
public sealed record EarlyStopping
{
    /// <summary>Epochs without improvement after which training stops (at least 1).</summary>
    public required int Patience { get; init; }

    /// <summary>How much the metric must improve on the best so far to count as an improvement (≥ 0; 0 counts any improvement).</summary>
    public double MinDelta { get; init; }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the invalid field.</summary>
    public void Validate()
    {
        if (Patience < 1) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Early-stopping patience must be at least 1 epoch.");
        if (!(MinDelta >= 0) || double.IsInfinity(MinDelta))
            throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, "Early-stopping min-delta must be finite and ≥ 0.");
    }

    /// <summary>
    /// The epoch (as <paramref name="epochs"/> numbers them) of the last improvement in <paramref name="values"/>, and
    /// whether training should stop at the last entry.
    /// </summary>
    /// <param name="epochs">The epoch of each entry (<see cref="TrainingHistory.Epoch"/>).</param>
    /// <param name="values">The monitored metric at each entry.</param>
    /// <param name="higherIsBetter">True for accuracies, false for losses.</param>
    public (int BestEpoch, bool Stop) Decide(IReadOnlyList<double> epochs, IReadOnlyList<double> values, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(values);
        double best = double.NaN;
        int bestEpoch = 0, last = 0;
        for (int i = 0; i < Math.Min(epochs.Count, values.Count); i++)
        {
            int epoch = (int)epochs[i];
            if (epoch < 1) continue;
            last = epoch;
            double value = higherIsBetter ? values[i] : -values[i];
            if (double.IsNaN(best) ? !double.IsNaN(value) : value > best + MinDelta)
            {
                best = value;
                bestEpoch = epoch;
            }
        }
        return (bestEpoch, last > 0 && last - bestEpoch >= Patience);
    }
}
