namespace NativeNet.Schedules;

/// <summary>The base rate at every step.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate) => baseRate;

    /// <inheritdoc/>
    public override string ToString() => "Constant";
}
