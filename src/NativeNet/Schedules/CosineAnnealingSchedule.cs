namespace NativeNet.Schedules;

/// <summary>
/// Cosine annealing (Loshchilov &amp; Hutter's SGDR without restarts; PyTorch's <c>CosineAnnealingLR</c> over one
/// half period): rate(t) = min + (base − min) · (1 + cos(π·t / T)) / 2 for t ≤ T, and min after T (held, as optax's
/// <c>cosine_decay_schedule</c>, rather than rising again).
/// </summary>
public sealed class CosineAnnealingSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="periodSteps">T, the number of steps from the base rate down to the minimum (≥ 1).</param>
    /// <param name="minRate">The rate reached at T and kept afterwards (finite, ≥ 0); default 0.</param>
    public CosineAnnealingSchedule(int periodSteps, double minRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodSteps, 1);
        if (!double.IsFinite(minRate) || minRate < 0) throw new ArgumentOutOfRangeException(nameof(minRate), minRate, "minRate must be finite and non-negative.");
        PeriodSteps = periodSteps;
        MinRate = minRate;
    }

    /// <summary>T, the number of steps of the decay.</summary>
    public int PeriodSteps { get; }

    /// <summary>The final rate.</summary>
    public double MinRate { get; }

    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate)
    {
        if (step >= PeriodSteps) return MinRate;
        return MinRate + (baseRate - MinRate) * (1.0 + Math.Cos(Math.PI * step / PeriodSteps)) / 2.0;
    }

    /// <inheritdoc/>
    public override string ToString() => $"CosineAnnealing({PeriodSteps} steps, min {MinRate})";
}
