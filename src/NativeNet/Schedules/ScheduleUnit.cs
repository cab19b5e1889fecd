namespace NativeNet.Schedules;

/// <summary>What a <see cref="LearningRateSchedule"/>'s step counts when a solver applies it.</summary>
public enum ScheduleUnit
{
    /// <summary>Step t is the epoch (from 0); the rate changes only between epochs.</summary>
    Epoch,

    /// <summary>Step t is the iteration (from 0, across epochs); the rate changes before every minibatch.</summary>
    Iteration,
}
