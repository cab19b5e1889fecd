namespace NativeNet.Optimizers;

/// <summary>
/// How an optimizer's weight decay λ enters the update of a decayed parameter w, with η the learning rate and Δ the
/// rule's own step computed from the loss gradient g.
/// </summary>
public enum WeightDecayMode
{
    /// <summary>
    /// g ← g + λ·w before the rule sees the gradient: an L2 penalty ½·λ·‖w‖² on the loss (PyTorch's
    /// <c>weight_decay</c> for SGD, momentum, RMSProp, Adagrad and Adam). For plain SGD the update is w ← w − η·(g + λ·w).
    /// </summary>
    Coupled,

    /// <summary>
    /// w ← w·(1 − η·λ) − Δ: the decay is applied to the weights, scaled by the learning rate but not by the rule's
    /// per-element preconditioning (Loshchilov &amp; Hutter's AdamW, PyTorch's <c>AdamW</c>).
    /// </summary>
    Decoupled,

    /// <summary>
    /// w ← w·(1 − λ) − Δ: the decay is applied to the weights and not scaled by the learning rate, the rule
    /// θ ← θ − η·∇J − λ·θ written without η on λ. λ is then a fraction of the weights removed per step.
    /// </summary>
    Unscaled,
}
