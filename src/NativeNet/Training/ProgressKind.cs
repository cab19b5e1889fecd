namespace NativeNet.Training;

/// <summary>What a <see cref="TrainingProgress"/> event reports.</summary>
public enum ProgressKind
{
    /// <summary>A report interval of iterations has passed.</summary>
    Iteration,

    /// <summary>An epoch has ended and its accuracies are measured.</summary>
    Epoch,
}
