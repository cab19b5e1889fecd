namespace NativeNet.Optimizers;

/// <summary>
/// Which of the two published momentum rules <see cref="Momentum{T}"/> follows. They differ in where the learning
/// rate enters: started from zero velocity with a constant rate and zero dampening they give the same iterates
/// (the classic velocity is −η times the framework one), but they react differently when a schedule changes the rate.
/// </summary>
public enum MomentumConvention
{
    /// <summary>
    /// The classic (Polyak; cs231n, Sutskever et al.) rule: the velocity carries the learning rate,
    /// <c>v ← μ·v − η·g, w ← w + v</c>. Nesterov form (cs231n): <c>w ← w − μ·v_prev + (1 + μ)·v</c>.
    /// </summary>
    Classic,

    /// <summary>
    /// The framework (PyTorch <c>torch.optim.SGD</c>) rule: the velocity is a running sum of gradients,
    /// <c>v ← μ·v + (1 − dampening)·g</c> (on the first step <c>v ← g</c>, ignoring any velocity set before it, as
    /// PyTorch does), <c>w ← w − η·v</c>. Nesterov form (<c>nesterov=True</c>): <c>w ← w − η·(g + μ·v)</c>.
    /// </summary>
    Framework,
}
