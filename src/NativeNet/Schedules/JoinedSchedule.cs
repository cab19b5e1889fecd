namespace NativeNet.Schedules;

/// <summary>
/// Schedules in sequence (optax's <c>join_schedules</c>, PyTorch's <c>SequentialLR</c>): schedule k is used for
/// boundaries[k−1] ≤ t &lt; boundaries[k] and sees the step counted from its own start, t − boundaries[k−1].
/// </summary>
public sealed class JoinedSchedule : LearningRateSchedule
{
    private readonly LearningRateSchedule[] _schedules;
    private readonly int[] _boundaries;

    /// <summary>Creates the sequence.</summary>
    /// <param name="schedules">The schedules, at least one.</param>
    /// <param name="boundaries">The steps at which each next schedule starts: one fewer than the schedules, strictly increasing, positive.</param>
    public JoinedSchedule(IReadOnlyList<LearningRateSchedule> schedules, IReadOnlyList<int> boundaries)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(boundaries);
        if (schedules.Count == 0) throw new ArgumentException("A joined schedule needs at least one schedule.", nameof(schedules));
        if (boundaries.Count != schedules.Count - 1)
            throw new ArgumentException($"{schedules.Count} schedules need {schedules.Count - 1} boundaries, not {boundaries.Count}.", nameof(boundaries));
        for (int k = 0; k < schedules.Count; k++)
            if (schedules[k] is null) throw new ArgumentException($"Schedule {k} is null.", nameof(schedules));
        for (int k = 0; k < boundaries.Count; k++)
            if (boundaries[k] < 1 || (k > 0 && boundaries[k] <= boundaries[k - 1]))
                throw new ArgumentException($"Boundaries must be positive and strictly increasing; boundary {k} is {boundaries[k]}.", nameof(boundaries));
        _schedules = [.. schedules];
        _boundaries = [.. boundaries];
    }

    /// <summary>The schedules in order.</summary>
    public IReadOnlyList<LearningRateSchedule> Schedules => _schedules;

    /// <summary>The steps at which each next schedule starts.</summary>
    public IReadOnlyList<int> Boundaries => _boundaries;

    /// <inheritdoc/>
    protected override double Compute(int step, double baseRate)
    {
        int k = 0;
        while (k < _boundaries.Length && step >= _boundaries[k]) k++;
        int start = k == 0 ? 0 : _boundaries[k - 1];
        return _schedules[k].RateAt(step - start, baseRate);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var parts = new string[_schedules.Length];
        for (int k = 0; k < _schedules.Length; k++) parts[k] = k == 0 ? _schedules[k].ToString()! : $"at {_boundaries[k - 1]}: {_schedules[k]}";
        return $"Joined({string.Join("; ", parts)})";
    }
}
