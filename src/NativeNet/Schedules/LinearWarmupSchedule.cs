namespace NativeNet.Schedules;

/// <summary>
/// Linear warmup: rate(t) = base · (s + (1 − s) · t / W) for t &lt; W, and the base rate from W on, where s is
/// <see cref="StartFactor"/> and W is <see cref="WarmupSteps"/>. Follow it with another schedule using
/// <see cref="LearningRateSchedule.Then"/>.
/// </summary>
public sealed class LinearWarmupSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="warmupSteps">W, the number of steps to reach the base rate (≥ 1).</param>
    /// <param name="startFactor">s in [0, 1], the fraction of the base rate at step 0; default 0.</param>
    public LinearWarmupSchedule(int warmupSteps, double startFactor = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupSteps, 1);
        if (!(startFactor >= 0 && startFactor <= 1)) throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "startFactor must lie in [0, 1].");
        WarmupSteps = warmupSteps;
        StartFactor = startFactor;
    }

    /// <summary>W, the number of warmup steps.</summary>
    public int WarmupSteps { get; }

    /// <summary>s, the fraction of the base rate at step 0.</summary>
    public double StartFactor { get; }

    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate) =>
        step >= WarmupSteps ? baseRate : baseRate * (StartFactor + (1.0 - StartFactor) * step / WarmupSteps);

    /// <inheritdoc/>
    public override string ToString() => $"LinearWarmup({WarmupSteps} steps from {StartFactor})";
}
