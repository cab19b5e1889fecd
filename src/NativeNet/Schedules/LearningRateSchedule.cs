using System.Numerics;
using NativeNet.Optimizers;

namespace NativeNet.Schedules;

/// <summary>
/// A learning-rate schedule: a pure function from a step count (epoch or iteration, as the caller counts) and a base
/// rate to the rate in force at that step. Schedules hold no mutable state, so they compose freely:
/// <see cref="Then"/> switches to another schedule at a step (warmup then cosine), and <see cref="ChainedSchedule"/>
/// feeds one schedule's rate to another as its base (multiplying their factors).
/// </summary>
/// <example>
/// <code>
/// var schedule = new LinearWarmupSchedule(5).Then(new CosineAnnealingSchedule(95), atStep: 5);
/// for (int epoch = 0; epoch &lt; 100; epoch++) { schedule.Apply(optimizer, epoch, baseRate: 1e-3); /* train */ }
/// </code>
/// </example>
public abstract class LearningRateSchedule
{
    /// <summary>The rate at <paramref name="step"/> (0 for the first epoch or iteration) for base rate <paramref name="baseRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is negative or the base rate is negative or not finite.</exception>
    public double RateAt(int step, double baseRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (!double.IsFinite(baseRate) || baseRate < 0)
            throw new ArgumentOutOfRangeException(nameof(baseRate), baseRate, "The base rate must be finite and non-negative.");
        return Compute(step, baseRate);
    }

    /// <summary>Sets <paramref name="optimizer"/>'s learning rate to <see cref="RateAt"/>(<paramref name="step"/>, <paramref name="baseRate"/>).</summary>
    /// <returns>The rate set.</returns>
    public double Apply<T>(Optimizer<T> optimizer, int step, double baseRate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double rate = RateAt(step, baseRate);
        optimizer.LearningRate = rate;
        return rate;
    }

    /// <summary>
    /// This schedule for steps before <paramref name="atStep"/>, then <paramref name="next"/> counted from zero at
    /// <paramref name="atStep"/> (optax's <c>join_schedules</c>). Both receive the same base rate.
    /// </summary>
    public JoinedSchedule Then(LearningRateSchedule next, int atStep) => new([this, next], [atStep]);

    /// <summary>
    /// Linear warmup from 0 to the base rate over <paramref name="warmupSteps"/>, then cosine annealing down to
    /// <paramref name="minRate"/> at <paramref name="totalSteps"/> (optax's <c>warmup_cosine_decay_schedule</c> shape).
    /// </summary>
    public static JoinedSchedule WarmupCosine(int warmupSteps, int totalSteps, double minRate = 0)
    {
        if (totalSteps <= warmupSteps)
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps must exceed warmupSteps ({warmupSteps}).");
        return new LinearWarmupSchedule(warmupSteps).Then(new CosineAnnealingSchedule(totalSteps - warmupSteps, minRate), warmupSteps);
    }

    /// <summary>The rate, for a validated step and base rate.</summary>
    protected abstract double Compute(int step, double baseRate);
}
