namespace NativeNet.Schedules;

/// <summary>
/// Exponential decay in optax / TensorFlow form: rate(t) = base · r^(t / decaySteps), or with
/// <see cref="Staircase"/> base · r^⌊t / decaySteps⌋. With decaySteps = 1 it equals <see cref="MultiplicativeDecaySchedule"/>.
/// </summary>
public sealed class ExponentialDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decayRate">r, the factor per <paramref name="decaySteps"/> steps (finite, positive).</param>
    /// <param name="decaySteps">The number of steps over which the rate is multiplied by r (≥ 1); default 1.</param>
    /// <param name="staircase">Decay in whole multiples of <paramref name="decaySteps"/>; default false (smooth).</param>
    public ExponentialDecaySchedule(double decayRate, int decaySteps = 1, bool staircase = false)
    {
        if (!double.IsFinite(decayRate) || decayRate <= 0) throw new ArgumentOutOfRangeException(nameof(decayRate), decayRate, "decayRate must be finite and positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        DecayRate = decayRate;
        DecaySteps = decaySteps;
        Staircase = staircase;
    }

    /// <summary>r, the factor per <see cref="DecaySteps"/> steps.</summary>
    public double DecayRate { get; }

    /// <summary>The number of steps over which the rate is multiplied by r.</summary>
    public int DecaySteps { get; }

    /// <summary>Whether the exponent is rounded down to a whole number.</summary>
    public bool Staircase { get; }

    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate)
    {
        double exponent = Staircase ? step / DecaySteps : step / (double)DecaySteps;
        return baseRate * Math.Pow(DecayRate, exponent);
    }

    /// <inheritdoc/>
    public override string ToString() => $"ExponentialDecay({DecayRate} per {DecaySteps}{(Staircase ? ", staircase" : "")})";
}
