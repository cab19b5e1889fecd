namespace NativeNet.Schedules;

/// <summary>
/// Step decay (PyTorch's <c>StepLR</c>): the rate is multiplied by γ every <see cref="StepSize"/> steps,
/// rate(t) = base · γ^⌊t / stepSize⌋.
/// </summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepSize">Steps between decays (≥ 1).</param>
    /// <param name="gamma">γ, the factor per decay (finite, positive); default 0.1.</param>
    public StepDecaySchedule(int stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        if (!double.IsFinite(gamma) || gamma <= 0) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be finite and positive.");
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>γ, the factor per decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate) => baseRate * Math.Pow(Gamma, step / StepSize);

    /// <inheritdoc/>
    public override string ToString() => $"StepDecay(every {StepSize}, ×{Gamma})";
}
