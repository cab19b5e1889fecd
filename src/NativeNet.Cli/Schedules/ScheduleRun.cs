namespace NativeNet.Cli.Schedules;

/// <summary>The length of a training run, which turns epoch counts into iterations and gives "the rest of the run" a value.</summary>
/// <param name="BatchesPerEpoch">Iterations per epoch (≥ 1).</param>
/// <param name="Epochs">Epochs of the whole run (≥ 1).</param>
internal sealed record ScheduleRun(int BatchesPerEpoch, int Epochs)
{
    /// <summary>Iterations of the whole run.</summary>
    public int TotalIterations => (int)Math.Min(int.MaxValue, (long)BatchesPerEpoch * Epochs);
}
