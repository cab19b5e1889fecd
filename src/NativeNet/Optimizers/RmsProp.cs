using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NativeNet.Kernels;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// RMSProp (Tieleman &amp; Hinton 2012) as in PyTorch <c>torch.optim.RMSprop</c>, with optional momentum and
/// centering; coupled (L2) weight decay.
/// </summary>
/// <remarks>
/// <para>Per element, with η = <see cref="Optimizer{T}.LearningRate"/>, ρ = <see cref="Rho"/>, ε = <see cref="Epsilon"/>,
/// μ = <see cref="MomentumCoefficient"/>, λ = <see cref="Optimizer{T}.WeightDecay"/>:</para>
/// <code>
/// g ← g + λ·w
/// s ← ρ·s + (1 − ρ)·g²
/// a ← ρ·a + (1 − ρ)·g;  d ← √max(s − a², 0) + ε   (Centered)
/// d ← √s + ε                                    (not Centered)
/// b ← μ·b + g / d;  w ← w − η·b                 (μ &gt; 0)
/// w ← w − η·g / d                               (μ = 0)
/// </code>
/// <para>
/// ε is added outside the square root. The centered variance s − a² is mathematically non-negative; clamping it at 0
/// only stops rounding from turning it into √(negative) = NaN. Defaults: ρ = 0.99, ε = 1e-8, μ = 0, not centered, λ = 0 (PyTorch's
/// defaults; cs231n uses ρ = 0.99 and its <c>cache</c> is s). State slots: <c>square_avg</c> (s), plus
/// <c>grad_avg</c> (a) when centered and <c>momentum_buffer</c> (b) when μ &gt; 0, all starting at zero.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the running mean of squared gradients (s).</summary>
    public const string SquareAverageSlot = "square_avg";

    /// <summary>The name of the running mean of gradients (a), kept when centered.</summary>
    public const string GradientAverageSlot = "grad_avg";

    /// <summary>The name of the momentum buffer (b), kept when μ &gt; 0.</summary>
    public const string MomentumBufferSlot = "momentum_buffer";

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> NonNegativeSlots => [SquareAverageSlot];

    private readonly int _gradAvgSlot;
    private readonly int _bufferSlot;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η; PyTorch's default is 1e-2, cs231n's 1e-2.</param>
    /// <param name="rho">ρ in [0, 1), the decay of the squared-gradient average; default 0.99.</param>
    /// <param name="epsilon">ε &gt; 0, added to the root; default 1e-8.</param>
    /// <param name="momentum">μ in [0, 1); default 0 (no momentum buffer).</param>
    /// <param name="centered">Normalize by the estimated variance √(s − a²) instead of √s; default false.</param>
    /// <param name="weightDecay">λ, coupled L2 added to the gradient; default 0.</param>
    public RmsProp(IEnumerable<Parameter<T>> parameters, double learningRate, double rho = 0.99, double epsilon = 1e-8,
        double momentum = 0, bool centered = false, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, Slots(momentum, centered))
    {
        Rho = RequireUnitInterval(rho, nameof(rho));
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        MomentumCoefficient = RequireUnitInterval(momentum, nameof(momentum));
        Centered = centered;
        _gradAvgSlot = centered ? 1 : -1;
        _bufferSlot = momentum > 0 ? (centered ? 2 : 1) : -1;
    }

    /// <summary>ρ, the decay rate of the running averages.</summary>
    public double Rho { get; }

    /// <summary>ε, added outside the square root.</summary>
    public double Epsilon { get; }

    /// <summary>μ, the momentum coefficient (0: none).</summary>
    public double MomentumCoefficient { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count)
    {
        ref T w = ref At(parameter.Value, start);
        ref T g = ref At(parameter.Grad, start);
        ref T s = ref At(State(0, index), start);
        ref T a = ref _gradAvgSlot >= 0 ? ref At(State(_gradAvgSlot, index), start) : ref Unsafe.NullRef<T>();
        ref T b = ref _bufferSlot >= 0 ? ref At(State(_bufferSlot, index), start) : ref Unsafe.NullRef<T>();
        Apply(ref w, ref g, ref s, ref a, ref b, (nuint)count, T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay),
            T.CreateTruncating(Rho), T.CreateTruncating(1.0 - Rho), T.CreateTruncating(Epsilon), T.CreateTruncating(MomentumCoefficient),
            Centered, _bufferSlot >= 0);
    }

    private static string[] Slots(double momentum, bool centered) =>
        (centered, momentum > 0) switch
        {
            (false, false) => [SquareAverageSlot],
            (true, false) => [SquareAverageSlot, GradientAverageSlot],
            (false, true) => [SquareAverageSlot, MomentumBufferSlot],
            (true, true) => [SquareAverageSlot, GradientAverageSlot, MomentumBufferSlot],
        };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply(ref T w, ref T g, ref T s, ref T a, ref T b, nuint n, T lr, T wd, T rho, T oneMinusRho, T eps, T mu,
        bool centered, bool useMomentum)
    {
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
            i = ApplyVectors<VectorLanes512<T>, Vector512<T>>(ref w, ref g, ref s, ref a, ref b, n, lr, wd, rho, oneMinusRho, eps, mu, centered, useMomentum);
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
            i = ApplyVectors<VectorLanes256<T>, Vector256<T>>(ref w, ref g, ref s, ref a, ref b, n, lr, wd, rho, oneMinusRho, eps, mu, centered, useMomentum);
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref w, i);
            ref T si = ref Unsafe.Add(ref s, i);
            T gi = Unsafe.Add(ref g, i) + wd * wi;
            si = rho * si + oneMinusRho * (gi * gi);
            T variance = si;
            if (centered)
            {
                ref T ai = ref Unsafe.Add(ref a, i);
                ai = rho * ai + oneMinusRho * gi;
                variance = T.Max(variance - ai * ai, T.Zero);
            }
            T step = gi / (T.Sqrt(variance) + eps);
            if (useMomentum)
            {
                ref T bi = ref Unsafe.Add(ref b, i);
                bi = mu * bi + step;
                step = bi;
            }
            wi = wi - lr * step;
        }
    }

    // The whole vectors of [0, n) at one width, each operation in the scalar loop's order (so every lane is
    // bit-identical to it); returns how many elements were done.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ApplyVectors<TLanes, TVector>(ref T w, ref T g, ref T s, ref T a, ref T b, nuint n, T lr, T wd, T rho,
        T oneMinusRho, T eps, T mu, bool centered, bool useMomentum)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector vlr = TLanes.Broadcast(lr), vwd = TLanes.Broadcast(wd), vrho = TLanes.Broadcast(rho), v1mr = TLanes.Broadcast(oneMinusRho),
            veps = TLanes.Broadcast(eps), vmu = TLanes.Broadcast(mu);
        nuint i = 0;
        for (nuint last = n - (nuint)TLanes.Count; i <= last; i += (nuint)TLanes.Count)
        {
            TVector vw = TLanes.Load(ref w, i);
            TVector vg = TLanes.Add(TLanes.Load(ref g, i), TLanes.Multiply(vwd, vw));                                   // g + λw
            TVector vs = TLanes.Add(TLanes.Multiply(vrho, TLanes.Load(ref s, i)), TLanes.Multiply(v1mr, TLanes.Multiply(vg, vg)));
            TLanes.Store(vs, ref s, i);
            if (centered)
            {
                TVector va = TLanes.Add(TLanes.Multiply(vrho, TLanes.Load(ref a, i)), TLanes.Multiply(v1mr, vg));       // ρa + (1 − ρ)g
                TLanes.Store(va, ref a, i);
                vs = TLanes.Max(TLanes.Subtract(vs, TLanes.Multiply(va, va)), T.Zero);                              // max(s − a², 0)
            }
            TVector step = TLanes.Divide(vg, TLanes.Add(TLanes.Sqrt(vs), veps));                                     // g / (√s + ε)
            if (useMomentum)
            {
                step = TLanes.Add(TLanes.Multiply(vmu, TLanes.Load(ref b, i)), step);                                 // μb + step
                TLanes.Store(step, ref b, i);
            }
            TLanes.Store(TLanes.Subtract(vw, TLanes.Multiply(vlr, step)), ref w, i);                                  // w − η·step
        }
        return i;
    }
}
