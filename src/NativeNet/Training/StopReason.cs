namespace NativeNet.Training;

/// <summary>Why <see cref="Solver{T}.Train"/> returned.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>The cancellation token was signalled; training stopped after the iteration in progress.</summary>
    Cancelled,

    /// <summary>The loss or the gradient became non-finite; the parameters from before that iteration are kept.</summary>
    Diverged,

    /// <summary>
    /// The monitored validation metric stopped improving (<see cref="SolverOptions.EarlyStopping"/>); the best
    /// parameters are restored as after a completed run.
    /// </summary>
    EarlyStopped,
}
