using System.Numerics;
using System.Runtime.CompilerServices;
using NativeNet.Kernels;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) as in PyTorch <c>torch.optim.Adam</c>: bias-corrected first and second moment
/// estimates, optional AMSGrad, coupled (L2) weight decay, and an option to put ε inside the square root.
/// </summary>
/// <remarks>
/// <para>Per element, with η = <see cref="Optimizer{T}.LearningRate"/>, β₁ = <see cref="Beta1"/>, β₂ = <see cref="Beta2"/>,
/// ε = <see cref="Epsilon"/>, λ = <see cref="Optimizer{T}.WeightDecay"/>, and t = <see cref="Optimizer{T}.StepCount"/>
/// (incremented before use, so t = 1 on the first step):</para>
/// <code>
/// g ← g + λ·w                        (coupled L2, the default <see cref="Optimizer{T}.WeightDecayMode"/>)
/// w ← w·(1 − η·λ)                    (instead, when decoupled: <see cref="AdamW{T}"/>)
/// w ← w·(1 − λ)                      (instead, when unscaled)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// v_max ← max(v_max, v)              (AMSGrad only; then v_max replaces v below)
/// m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
/// w ← w − η·m̂ / (√v̂ + ε)             (default: ε outside the root, as in the paper and PyTorch)
/// w ← w − η·m̂ / √(v̂ + ε)             (<see cref="EpsilonInsideSqrt"/>, as some texts write it)
/// </code>
/// <para>
/// The kernel evaluates η·m̂/(√v̂ + ε) as (η/(1 − β₁ᵗ))·m / (√v·(1 − β₂ᵗ)^(−½) + ε), which equals the rule up to
/// rounding. Defaults: η = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0, no AMSGrad. State slots: <c>m</c>, <c>v</c>,
/// and <c>v_max</c> with AMSGrad, all starting at zero; the step count is the scalar state <c>step</c>.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the first-moment (mean) estimate slot.</summary>
    public const string FirstMomentSlot = "m";

    /// <summary>The name of the second-moment (uncentered variance) estimate slot.</summary>
    public const string SecondMomentSlot = "v";

    /// <summary>The name of the AMSGrad running maximum of the second moment, kept when <see cref="AmsGrad"/> is set.</summary>
    public const string MaxSecondMomentSlot = "v_max";

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> NonNegativeSlots => [SecondMomentSlot, MaxSecondMomentSlot];

    private readonly double _logBeta1, _logBeta2;
    private double _biasCorrection1, _biasCorrection2;

    /// <summary>Creates the optimizer with coupled (L2) weight decay.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η; default 1e-3.</param>
    /// <param name="beta1">β₁ in [0, 1); default 0.9.</param>
    /// <param name="beta2">β₂ in [0, 1); default 0.999.</param>
    /// <param name="epsilon">ε &gt; 0; default 1e-8.</param>
    /// <param name="weightDecay">λ; default 0. Coupled L2 added to the gradient unless <see cref="Optimizer{T}.WeightDecayMode"/> is set otherwise.</param>
    /// <param name="amsGrad">Use AMSGrad's running maximum of v; default false.</param>
    /// <param name="epsilonInsideSqrt">Put ε inside the square root; default false.</param>
    public Adam(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, bool amsGrad = false, bool epsilonInsideSqrt = false)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsGrad, epsilonInsideSqrt, decoupledWeightDecay: false)
    {
    }

    /// <summary>Creates the optimizer with weight decay coupled (Adam) or decoupled (<see cref="AdamW{T}"/>).</summary>
    private protected Adam(IEnumerable<Parameter<T>> parameters, double learningRate, double beta1, double beta2,
        double epsilon, double weightDecay, bool amsGrad, bool epsilonInsideSqrt, bool decoupledWeightDecay)
        : base(parameters, learningRate, weightDecay, amsGrad ? [FirstMomentSlot, SecondMomentSlot, MaxSecondMomentSlot] : [FirstMomentSlot, SecondMomentSlot])
    {
        Beta1 = RequireUnitInterval(beta1, nameof(beta1));
        Beta2 = RequireUnitInterval(beta2, nameof(beta2));
        Epsilon = RequirePositive(epsilon, nameof(epsilon));
        AmsGrad = amsGrad;
        EpsilonInsideSqrt = epsilonInsideSqrt;
        if (decoupledWeightDecay) WeightDecayMode = WeightDecayMode.Decoupled;
        _logBeta1 = Math.Log(beta1);
        _logBeta2 = Math.Log(beta2);
    }

    /// <summary>β₁, the decay rate of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay rate of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ε, the denominator's stabilizer.</summary>
    public double Epsilon { get; }

    /// <summary>Whether AMSGrad's running maximum of the second moment is used.</summary>
    public bool AmsGrad { get; }

    /// <summary>Whether ε is added inside the square root (√(v̂ + ε)) rather than outside (√v̂ + ε).</summary>
    public bool EpsilonInsideSqrt { get; }

    /// <summary>Whether weight decay is decoupled (w ← w − η·λ·w before the Adam step; AdamW): <see cref="Optimizer{T}.WeightDecayMode"/> is <see cref="WeightDecayMode.Decoupled"/>.</summary>
    public bool DecoupledWeightDecay => WeightDecayMode == WeightDecayMode.Decoupled;

    /// <inheritdoc/>
    /// <remarks>Adam fuses coupled and decoupled decay into its kernel; unscaled decay is the base's.</remarks>
    protected override bool AppliesWeightDecayItself(WeightDecayMode mode) => mode != WeightDecayMode.Unscaled;

    /// <inheritdoc/>
    protected override void PrepareStep()
    {
        _biasCorrection1 = BiasCorrection(Beta1, _logBeta1, StepCount);
        _biasCorrection2 = BiasCorrection(Beta2, _logBeta2, StepCount);
    }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count)
    {
        ref T w = ref At(parameter.Value, start);
        ref T g = ref At(parameter.Grad, start);
        ref T m = ref At(State(0, index), start);
        ref T v = ref At(State(1, index), start);
        ref T vMax = ref AmsGrad ? ref At(State(2, index), start) : ref Unsafe.NullRef<T>();
        double biasCorrection1 = _biasCorrection1, biasCorrection2 = _biasCorrection2;
        double lr = LearningRate;
        var constants = new Constants
        {
            Decay = T.CreateTruncating(DecoupledWeightDecay ? 1.0 - lr * weightDecay : 1.0),
            L2 = T.CreateTruncating(DecoupledWeightDecay ? 0.0 : weightDecay),
            Beta1 = T.CreateTruncating(Beta1),
            OneMinusBeta1 = T.CreateTruncating(1.0 - Beta1),
            Beta2 = T.CreateTruncating(Beta2),
            OneMinusBeta2 = T.CreateTruncating(1.0 - Beta2),
            StepSize = T.CreateTruncating(lr / biasCorrection1),
            // Outside: √v̂ = √v·(1/√bc₂). Inside: v̂ = v·(1/bc₂).
            SecondMomentScale = T.CreateTruncating(EpsilonInsideSqrt ? 1.0 / biasCorrection2 : 1.0 / Math.Sqrt(biasCorrection2)),
            Epsilon = T.CreateTruncating(Epsilon),
        };
        var kernel = new Kernel(ref w, ref g, ref m, ref v, ref vMax, constants, AmsGrad, EpsilonInsideSqrt);
        Elementwise.ForEach<T, Kernel>(ref kernel, (nuint)count);
    }

    // 1 − βᵗ. Once βᵗ < 2⁻⁵⁴ the difference rounds to exactly 1, so the (slow, underflowing) Pow is skipped without
    // changing a bit; this keeps long runs on tiny parameters (the playground) cheap.
    private static double BiasCorrection(double beta, double logBeta, long t) =>
        t * logBeta < -40.0 ? 1.0 : 1.0 - Math.Pow(beta, t);

    private struct Constants
    {
        public T Decay, L2, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, StepSize, SecondMomentScale, Epsilon;
    }

    // The flags select AMSGrad and where ε goes; the JIT sees them constant across the loop.
    private readonly ref struct Kernel(ref T w, ref T g, ref T m, ref T v, ref T vMax, Constants c, bool amsGrad, bool epsilonInside)
        : IElementwiseKernel<T>
    {
        private readonly ref T _w = ref w;
        private readonly ref T _g = ref g;
        private readonly ref T _m = ref m;
        private readonly ref T _v = ref v;
        private readonly ref T _vMax = ref vMax;
        private readonly Constants _c = c;
        private readonly bool _amsGrad = amsGrad, _epsilonInside = epsilonInside;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector w = TLanes.Load(ref _w, i);
            TVector g = TLanes.Add(TLanes.Load(ref _g, i), TLanes.Multiply(TLanes.Broadcast(_c.L2), w));                   // g + λw
            TVector m = TLanes.Add(TLanes.Multiply(TLanes.Broadcast(_c.Beta1), TLanes.Load(ref _m, i)),
                TLanes.Multiply(TLanes.Broadcast(_c.OneMinusBeta1), g));                                                    // β₁m + (1 − β₁)g
            TVector v = TLanes.Add(TLanes.Multiply(TLanes.Broadcast(_c.Beta2), TLanes.Load(ref _v, i)),
                TLanes.Multiply(TLanes.Broadcast(_c.OneMinusBeta2), TLanes.Multiply(g, g)));                                // β₂v + (1 − β₂)g²
            TLanes.Store(m, ref _m, i);
            TLanes.Store(v, ref _v, i);
            if (_amsGrad)
            {
                v = TLanes.Max(TLanes.Load(ref _vMax, i), v);
                TLanes.Store(v, ref _vMax, i);
            }
            TVector scale = TLanes.Broadcast(_c.SecondMomentScale), eps = TLanes.Broadcast(_c.Epsilon);
            TVector denominator = _epsilonInside
                ? TLanes.Sqrt(TLanes.Add(TLanes.Multiply(v, scale), eps))                                                   // √(v·scale + ε)
                : TLanes.Add(TLanes.Multiply(TLanes.Sqrt(v), scale), eps);                                                  // √v·scale + ε
            TVector step = TLanes.Divide(TLanes.Multiply(TLanes.Broadcast(_c.StepSize), m), denominator);
            TLanes.Store(TLanes.Subtract(TLanes.Multiply(w, TLanes.Broadcast(_c.Decay)), step), ref _w, i);
        }
    }
}
