using System.Numerics;
using System.Runtime.CompilerServices;
using NativeNet.Kernels;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, in either published convention and with or without Nesterov's
/// look-ahead; coupled (L2) weight decay.
/// </summary>
/// <remarks>
/// <para>Per element, with η = <see cref="Optimizer{T}.LearningRate"/>, μ = <see cref="MomentumCoefficient"/>,
/// λ = <see cref="Optimizer{T}.WeightDecay"/>, d = <see cref="Dampening"/>, and first <c>g ← g + λ·w</c>:</para>
/// <para><see cref="MomentumConvention.Classic"/> (cs231n <c>sgd_momentum</c>; Sutskever et al. 2013):</para>
/// <code>
/// v_prev ← v
/// v ← μ·v − η·g
/// w ← w + v                              (Nesterov = false)
/// w ← w − μ·v_prev + (1 + μ)·v           (Nesterov = true, the cs231n form)
/// </code>
/// <para><see cref="MomentumConvention.Framework"/> (PyTorch <c>SGD(momentum=μ, dampening=d, nesterov=…)</c>):</para>
/// <code>
/// v ← g                         on the first step (t = 1)
/// v ← μ·v + (1 − d)·g           afterwards
/// w ← w − η·v                   (Nesterov = false)
/// w ← w − η·(g + μ·v)           (Nesterov = true; requires d = 0)
/// </code>
/// <para>State: one slot, <c>velocity</c> (v), starting at zero. Defaults: μ = 0.9, d = 0, λ = 0, Classic, no Nesterov.</para>
/// <para>
/// The Framework convention's first step is the step that takes <see cref="Optimizer{T}.StepCount"/> to 1, whatever the
/// velocity holds: as in PyTorch, whose buffer starts as a copy of the gradient, a velocity imported with
/// <see cref="Optimizer{T}.ImportState"/> at step 0 is ignored (overwritten by g). To continue from a velocity, import
/// it with a step count of at least 1, as a checkpoint does. The Classic convention always uses the velocity it holds.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Momentum<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the velocity state slot.</summary>
    public const string VelocitySlot = "velocity";

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">μ in [0, 1); default 0.9.</param>
    /// <param name="convention">Which rule; default <see cref="MomentumConvention.Classic"/>.</param>
    /// <param name="nesterov">Use the Nesterov form of the chosen convention; default false.</param>
    /// <param name="dampening">d in [0, 1], Framework convention only (must be 0 for Classic and for Nesterov); default 0.</param>
    /// <param name="weightDecay">λ; default 0. Coupled L2 added to the gradient unless <see cref="Optimizer{T}.WeightDecayMode"/> is set otherwise.</param>
    public Momentum(IEnumerable<Parameter<T>> parameters, double learningRate, double momentum = 0.9,
        MomentumConvention convention = MomentumConvention.Classic, bool nesterov = false, double dampening = 0, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, VelocitySlot)
    {
        MomentumCoefficient = RequireUnitInterval(momentum, nameof(momentum));
        Dampening = RequireUnitInterval(dampening, nameof(dampening), allowOne: true);
        if (!Enum.IsDefined(convention)) throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown momentum convention.");
        if (dampening != 0 && convention == MomentumConvention.Classic)
            throw new ArgumentException("Dampening exists only in the Framework momentum convention.", nameof(dampening));
        if (dampening != 0 && nesterov)
            throw new ArgumentException("Nesterov momentum requires zero dampening (as in PyTorch).", nameof(dampening));
        Convention = convention;
        Nesterov = nesterov;
    }

    /// <summary>μ, the momentum coefficient.</summary>
    public double MomentumCoefficient { get; }

    /// <summary>d, the dampening of the Framework convention.</summary>
    public double Dampening { get; }

    /// <summary>The momentum rule followed.</summary>
    public MomentumConvention Convention { get; }

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count)
    {
        ref T w = ref At(parameter.Value, start);
        ref T g = ref At(parameter.Grad, start);
        ref T v = ref At(State(0, index), start);
        nuint n = (nuint)count;
        double mu = MomentumCoefficient;
        // Both Nesterov and plain forms are written as one combination whose unused coefficients are exactly 0 and 1,
        // so each is computed bit-identically to its own formula without a branch in the loop.
        if (Convention == MomentumConvention.Classic)
        {
            var kernel = new ClassicKernel(ref w, ref g, ref v, T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay),
                T.CreateTruncating(mu), T.CreateTruncating(Nesterov ? -mu : 0.0), T.CreateTruncating(Nesterov ? 1.0 + mu : 1.0));
            Elementwise.ForEach<T, ClassicKernel>(ref kernel, n);
        }
        else
        {
            bool first = StepCount == 1;
            var kernel = new FrameworkKernel(ref w, ref g, ref v, T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay),
                T.CreateTruncating(first ? 0.0 : mu), T.CreateTruncating(first ? 1.0 : 1.0 - Dampening),
                T.CreateTruncating(Nesterov ? 1.0 : 0.0), T.CreateTruncating(Nesterov ? mu : 1.0));
            Elementwise.ForEach<T, FrameworkKernel>(ref kernel, n);
        }
    }

    // v ← μv − ηg; w ← (w + cPrev·v_prev) + cNew·v, with (cPrev, cNew) = (−μ, 1 + μ) for Nesterov, (0, 1) otherwise.
    private readonly ref struct ClassicKernel(ref T w, ref T g, ref T v, T lr, T wd, T mu, T cPrev, T cNew) : IElementwiseKernel<T>
    {
        private readonly ref T _w = ref w;
        private readonly ref T _g = ref g;
        private readonly ref T _v = ref v;
        private readonly T _lr = lr, _wd = wd, _mu = mu, _cPrev = cPrev, _cNew = cNew;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector w = TLanes.Load(ref _w, i);
            TVector g = TLanes.Add(TLanes.Load(ref _g, i), TLanes.Multiply(TLanes.Broadcast(_wd), w));                            // g + λw
            TVector prev = TLanes.Load(ref _v, i);
            TVector v = TLanes.Subtract(TLanes.Multiply(TLanes.Broadcast(_mu), prev), TLanes.Multiply(TLanes.Broadcast(_lr), g));  // μv − ηg
            TLanes.Store(v, ref _v, i);
            // (w + cPrev·v_prev) + cNew·v
            TVector shifted = TLanes.Add(w, TLanes.Multiply(TLanes.Broadcast(_cPrev), prev));
            TLanes.Store(TLanes.Add(shifted, TLanes.Multiply(TLanes.Broadcast(_cNew), v)), ref _w, i);
        }
    }

    // v ← μv + (1 − d)g (μ = 0, 1 − d = 1 on the first step, giving v = g); w ← w − η(cG·g + cV·v),
    // with (cG, cV) = (1, μ) for Nesterov, (0, 1) otherwise.
    private readonly ref struct FrameworkKernel(ref T w, ref T g, ref T v, T lr, T wd, T mu, T oneMinusDampening, T cG, T cV)
        : IElementwiseKernel<T>
    {
        private readonly ref T _w = ref w;
        private readonly ref T _g = ref g;
        private readonly ref T _v = ref v;
        private readonly T _lr = lr, _wd = wd, _mu = mu, _oneMinusDampening = oneMinusDampening, _cG = cG, _cV = cV;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector w = TLanes.Load(ref _w, i);
            TVector g = TLanes.Add(TLanes.Load(ref _g, i), TLanes.Multiply(TLanes.Broadcast(_wd), w));                      // g + λw
            TVector v = TLanes.Add(TLanes.Multiply(TLanes.Broadcast(_mu), TLanes.Load(ref _v, i)),
                TLanes.Multiply(TLanes.Broadcast(_oneMinusDampening), g));                                                   // μv + (1 − d)g
            TLanes.Store(v, ref _v, i);
            // w − η(cG·g + cV·v)
            TVector direction = TLanes.Add(TLanes.Multiply(TLanes.Broadcast(_cG), g), TLanes.Multiply(TLanes.Broadcast(_cV), v));
            TLanes.Store(TLanes.Subtract(w, TLanes.Multiply(TLanes.Broadcast(_lr), direction)), ref _w, i);
        }
    }
}
