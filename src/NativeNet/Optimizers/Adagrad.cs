using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NativeNet.Kernels;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// Adagrad (Duchi, Hazan &amp; Singer 2011) as in PyTorch <c>torch.optim.Adagrad</c>; coupled (L2) weight decay.
/// </summary>
/// <remarks>
/// <para>Per element, with η = <see cref="Optimizer{T}.LearningRate"/>, ε = <see cref="Epsilon"/>,
/// δ = <see cref="LearningRateDecay"/>, λ = <see cref="Optimizer{T}.WeightDecay"/> and t = <see cref="Optimizer{T}.StepCount"/>:</para>
/// <code>
/// η_t ← η / (1 + (t − 1)·δ)
/// g ← g + λ·w
/// s ← s + g²
/// w ← w − η_t·g / (√s + ε)
/// </code>
/// <para>
/// Defaults: ε = 1e-10, δ = 0, λ = 0, s starting at <see cref="InitialAccumulatorValue"/> = 0 (PyTorch's).
/// State slot: <c>sum_sq</c> (s).
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Adagrad<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the sum of squared gradients slot.</summary>
    public const string SumOfSquaresSlot = "sum_sq";

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> NonNegativeSlots => [SumOfSquaresSlot];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η; default 1e-2.</param>
    /// <param name="epsilon">ε &gt; 0, added outside the root; default 1e-10.</param>
    /// <param name="learningRateDecay">δ ≥ 0; default 0.</param>
    /// <param name="initialAccumulatorValue">The starting value of s (≥ 0); default 0.</param>
    /// <param name="weightDecay">λ, coupled L2 added to the gradient; default 0.</param>
    public Adagrad(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-2, double epsilon = 1e-10,
        double learningRateDecay = 0, double initialAccumulatorValue = 0, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, SumOfSquaresSlot)
    {
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        LearningRateDecay = RequireNonNegative(learningRateDecay, nameof(learningRateDecay));
        InitialAccumulatorValue = RequireNonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue));
        for (int i = 0; i < Parameters.Count; i++) State(0, i).Fill(T.CreateTruncating(initialAccumulatorValue));
    }

    /// <summary>ε, added outside the square root.</summary>
    public double Epsilon { get; }

    /// <summary>δ, the learning-rate decay per step.</summary>
    public double LearningRateDecay { get; }

    /// <summary>The value s starts from.</summary>
    public double InitialAccumulatorValue { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count)
    {
        ref T w = ref At(parameter.Value, start);
        ref T g = ref At(parameter.Grad, start);
        ref T s = ref At(State(0, index), start);
        double lr = LearningRate / (1.0 + (StepCount - 1) * LearningRateDecay);
        Apply(ref w, ref g, ref s, (nuint)count, T.CreateTruncating(lr), T.CreateTruncating(weightDecay), T.CreateTruncating(Epsilon));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply(ref T w, ref T g, ref T s, nuint n, T lr, T wd, T eps)
    {
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
            i = ApplyVectors<VectorLanes512<T>, Vector512<T>>(ref w, ref g, ref s, n, lr, wd, eps);
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
            i = ApplyVectors<VectorLanes256<T>, Vector256<T>>(ref w, ref g, ref s, n, lr, wd, eps);
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref w, i);
            ref T si = ref Unsafe.Add(ref s, i);
            T gi = Unsafe.Add(ref g, i) + wd * wi;
            si = si + gi * gi;
            wi = wi - lr * gi / (T.Sqrt(si) + eps);
        }
    }

    // The whole vectors of [0, n) at one width, each operation in the scalar loop's order (so every lane is
    // bit-identical to it); returns how many elements were done.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ApplyVectors<TLanes, TVector>(ref T w, ref T g, ref T s, nuint n, T lr, T wd, T eps)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector vlr = TLanes.Broadcast(lr), vwd = TLanes.Broadcast(wd), veps = TLanes.Broadcast(eps);
        nuint i = 0;
        for (nuint last = n - (nuint)TLanes.Count; i <= last; i += (nuint)TLanes.Count)
        {
            TVector vw = TLanes.Load(ref w, i);
            TVector vg = TLanes.Add(TLanes.Load(ref g, i), TLanes.Multiply(vwd, vw));      // g + λw
            TVector vs = TLanes.Add(TLanes.Load(ref s, i), TLanes.Multiply(vg, vg));       // s + g²
            TLanes.Store(vs, ref s, i);
            // w − ηg / (√s + ε), with ηg rounded first as in the scalar loop.
            TLanes.Store(TLanes.Subtract(vw, TLanes.Divide(TLanes.Multiply(vlr, vg), TLanes.Add(TLanes.Sqrt(vs), veps))), ref w, i);
        }
        return i;
    }
}
