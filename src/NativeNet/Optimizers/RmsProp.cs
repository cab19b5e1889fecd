using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
        {
            Vector512<T> vlr = Vector512.Create(lr), vwd = Vector512.Create(wd), vrho = Vector512.Create(rho), v1mr = Vector512.Create(oneMinusRho),
                veps = Vector512.Create(eps), vmu = Vector512.Create(mu);
            for (nuint last = n - (nuint)Vector512<T>.Count; i <= last; i += (nuint)Vector512<T>.Count)
            {
                var vw = Vector512.LoadUnsafe(ref w, i);
                var vg = Vector512.LoadUnsafe(ref g, i) + vwd * vw;
                var vs = vrho * Vector512.LoadUnsafe(ref s, i) + v1mr * (vg * vg);
                vs.StoreUnsafe(ref s, i);
                if (centered)
                {
                    var va = vrho * Vector512.LoadUnsafe(ref a, i) + v1mr * vg;
                    va.StoreUnsafe(ref a, i);
                    vs = Vector512.Max(vs - va * va, Vector512<T>.Zero);
                }
                var step = vg / (Vector512.Sqrt(vs) + veps);
                if (useMomentum)
                {
                    step = vmu * Vector512.LoadUnsafe(ref b, i) + step;
                    step.StoreUnsafe(ref b, i);
                }
                (vw - vlr * step).StoreUnsafe(ref w, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            Vector256<T> vlr = Vector256.Create(lr), vwd = Vector256.Create(wd), vrho = Vector256.Create(rho), v1mr = Vector256.Create(oneMinusRho),
                veps = Vector256.Create(eps), vmu = Vector256.Create(mu);
            for (nuint last = n - (nuint)Vector256<T>.Count; i <= last; i += (nuint)Vector256<T>.Count)
            {
                var vw = Vector256.LoadUnsafe(ref w, i);
                var vg = Vector256.LoadUnsafe(ref g, i) + vwd * vw;
                var vs = vrho * Vector256.LoadUnsafe(ref s, i) + v1mr * (vg * vg);
                vs.StoreUnsafe(ref s, i);
                if (centered)
                {
                    var va = vrho * Vector256.LoadUnsafe(ref a, i) + v1mr * vg;
                    va.StoreUnsafe(ref a, i);
                    vs = Vector256.Max(vs - va * va, Vector256<T>.Zero);
                }
                var step = vg / (Vector256.Sqrt(vs) + veps);
                if (useMomentum)
                {
                    step = vmu * Vector256.LoadUnsafe(ref b, i) + step;
                    step.StoreUnsafe(ref b, i);
                }
                (vw - vlr * step).StoreUnsafe(ref w, i);
            }
        }
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
}
