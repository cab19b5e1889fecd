namespace NativeNet.Layers;

/// <summary>
/// How <see cref="BatchNorm{T}"/>'s momentum m weighs the running statistics against the batch's; the two classic
/// conventions use opposite meanings of the same word.
/// </summary>
public enum RunningAverageConvention
{
    /// <summary>running = m·running + (1 − m)·batch: m is how much of the old value is kept (cs231n, m = 0.9).</summary>
    MomentumKeepsOld,

    /// <summary>running = (1 − m)·running + m·batch: m is how much of the new value is taken (PyTorch, m = 0.1).</summary>
    MomentumTakesNew,
}
