using System.Numerics;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019) as in PyTorch <c>torch.optim.AdamW</c>: Adam with decoupled weight decay.
/// </summary>
/// <remarks>
/// <para>Per element, with the notation of <see cref="Adam{T}"/>:</para>
/// <code>
/// w ← w − η·λ·w                      (decoupled: applied to the weights, not added to the gradient)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// w ← w − η·m̂ / (√v̂ + ε)             (m̂, v̂ bias-corrected; AMSGrad and ε-inside options as in Adam)
/// </code>
/// <para>
/// The decay is computed as w·(1 − η·λ), PyTorch's form. Unlike Adam's coupled L2, the decay is not rescaled by
/// √v̂, so every weight shrinks by the same factor. Defaults: η = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8,
/// λ = 1e-2 (PyTorch's). <see cref="Optimizer{T}.WeightDecayMode"/> starts as <see cref="WeightDecayMode.Decoupled"/>;
/// setting it to unscaled makes the decay w·(1 − λ). State slots: <c>m</c>, <c>v</c> (and <c>v_max</c> with AMSGrad).
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdamW<T> : Adam<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η; default 1e-3.</param>
    /// <param name="beta1">β₁ in [0, 1); default 0.9.</param>
    /// <param name="beta2">β₂ in [0, 1); default 0.999.</param>
    /// <param name="epsilon">ε &gt; 0; default 1e-8.</param>
    /// <param name="weightDecay">λ, decoupled; default 1e-2.</param>
    /// <param name="amsGrad">Use AMSGrad's running maximum of v; default false.</param>
    /// <param name="epsilonInsideSqrt">Put ε inside the square root; default false.</param>
    public AdamW(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 1e-2, bool amsGrad = false, bool epsilonInsideSqrt = false)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsGrad, epsilonInsideSqrt, decoupledWeightDecay: true)
    {
    }
}
