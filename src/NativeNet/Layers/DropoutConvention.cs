namespace NativeNet.Layers;

/// <summary>What the probability given to <see cref="Dropout{T}"/> means; the two classic conventions differ.</summary>
public enum DropoutConvention
{
    /// <summary>The probability that a unit is zeroed (PyTorch's <c>p</c>, cs231n's current assignments).</summary>
    DropProbability,

    /// <summary>The probability that a unit is kept (the original dropout paper and older cs231n code).</summary>
    KeepProbability,
}
