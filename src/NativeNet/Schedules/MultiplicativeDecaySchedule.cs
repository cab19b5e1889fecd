namespace NativeNet.Schedules;

/// <summary>
/// The classic per-epoch decay (cs231n's <c>lr_decay</c>, PyTorch's <c>ExponentialLR</c>): the rate is multiplied by
/// <see cref="Factor"/> after every step, so rate(t) = base · factor^t.
/// </summary>
public sealed class MultiplicativeDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">The factor per step, in (0, 1] for a decay (any finite positive value is accepted).</param>
    public MultiplicativeDecaySchedule(double factor)
    {
        if (!double.IsFinite(factor) || factor <= 0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be finite and positive.");
        Factor = factor;
    }

    /// <summary>The factor applied per step.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate) => baseRate * Math.Pow(Factor, step);

    /// <inheritdoc/>
    public override string ToString() => $"MultiplicativeDecay({Factor})";
}
