using System.Numerics;
using System.Runtime.CompilerServices;
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
    /// <param name="weightDecay">λ; default 0. Coupled L2 added to the gradient unless <see cref="Optimizer{T}.WeightDecayMode"/> is set otherwise.</param>
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
        var kernel = new Kernel(ref w, ref g, ref s, ref a, ref b, T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay),
            T.CreateTruncating(Rho), T.CreateTruncating(1.0 - Rho), T.CreateTruncating(Epsilon), T.CreateTruncating(MomentumCoefficient),
            Centered, _bufferSlot >= 0);
        Elementwise.ForEach<T, Kernel>(ref kernel, (nuint)count);
    }

    private static string[] Slots(double momentum, bool centered) =>
        (centered, momentum > 0) switch
        {
            (false, false) => [SquareAverageSlot],
            (true, false) => [SquareAverageSlot, GradientAverageSlot],
            (false, true) => [SquareAverageSlot, MomentumBufferSlot],
            (true, true) => [SquareAverageSlot, GradientAverageSlot, MomentumBufferSlot],
        };

    // The flags select the centered and momentum parts; the JIT sees them constant across the loop.
    private readonly ref struct Kernel(ref T w, ref T g, ref T s, ref T a, ref T b, T lr, T wd, T rho, T oneMinusRho, T eps, T mu,
        bool centered, bool useMomentum) : IElementwiseKernel<T>
    {
        private readonly ref T _w = ref w;
        private readonly ref T _g = ref g;
        private readonly ref T _s = ref s;
        private readonly ref T _a = ref a;
        private readonly ref T _b = ref b;
        private readonly T _lr = lr, _wd = wd, _rho = rho, _oneMinusRho = oneMinusRho, _eps = eps, _mu = mu;
        private readonly bool _centered = centered, _useMomentum = useMomentum;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector rho = TLanes.Broadcast(_rho), oneMinusRho = TLanes.Broadcast(_oneMinusRho);
            TVector w = TLanes.Load(ref _w, i);
            TVector g = TLanes.Add(TLanes.Load(ref _g, i), TLanes.Multiply(TLanes.Broadcast(_wd), w));                      // g + λw
            TVector s = TLanes.Add(TLanes.Multiply(rho, TLanes.Load(ref _s, i)), TLanes.Multiply(oneMinusRho, TLanes.Multiply(g, g)));
            TLanes.Store(s, ref _s, i);
            if (_centered)
            {
                TVector a = TLanes.Add(TLanes.Multiply(rho, TLanes.Load(ref _a, i)), TLanes.Multiply(oneMinusRho, g));     // ρa + (1 − ρ)g
                TLanes.Store(a, ref _a, i);
                s = TLanes.Max(TLanes.Subtract(s, TLanes.Multiply(a, a)), T.Zero);                                       // max(s − a², 0)
            }
            TVector step = TLanes.Divide(g, TLanes.Add(TLanes.Sqrt(s), TLanes.Broadcast(_eps)));                          // g / (√s + ε)
            if (_useMomentum)
            {
                step = TLanes.Add(TLanes.Multiply(TLanes.Broadcast(_mu), TLanes.Load(ref _b, i)), step);                   // μb + step
                TLanes.Store(step, ref _b, i);
            }
            TLanes.Store(TLanes.Subtract(w, TLanes.Multiply(TLanes.Broadcast(_lr), step)), ref _w, i);                     // w − η·step
        }
    }
}
