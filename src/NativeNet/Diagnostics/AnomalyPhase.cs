namespace NativeNet.Diagnostics;

/// <summary>Where anomaly mode saw the first non-finite value.</summary>
public enum AnomalyPhase
{
    /// <summary>A layer's output (or the model's input) in the forward pass.</summary>
    Forward,

    /// <summary>A layer's input gradient or one of its parameter gradients in the backward pass.</summary>
    Backward,

    /// <summary>The loss value or its gradient.</summary>
    Loss,
}
