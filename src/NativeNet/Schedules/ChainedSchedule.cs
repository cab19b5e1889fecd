namespace NativeNet.Schedules;

/// <summary>
/// Two schedules applied together (PyTorch's <c>ChainedScheduler</c>): rate(t) = outer(t, inner(t, base)), so their
/// factors multiply, e.g. a warmup ramp over a step decay.
/// </summary>
/// <param name="outer">The schedule applied to the inner schedule's rate.</param>
/// <param name="inner">The schedule applied to the base rate.</param>
public sealed class ChainedSchedule(LearningRateSchedule outer, LearningRateSchedule inner) : LearningRateSchedule
{
    /// <summary>The schedule applied last.</summary>
    public LearningRateSchedule Outer { get; } = outer ?? throw new ArgumentNullException(nameof(outer));

    /// <summary>The schedule applied to the base rate.</summary>
    public LearningRateSchedule Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate) => Outer.RateAt(step, Inner.RateAt(step, baseRate));

    /// <inheritdoc/>
    public override string ToString() => $"{Outer} ∘ {Inner}";
}
