using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
    /// <param name="weightDecay">λ, coupled L2 added to the gradient; default 0.</param>
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
            ApplyClassic(ref w, ref g, ref v, n, T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay), T.CreateTruncating(mu),
                T.CreateTruncating(Nesterov ? -mu : 0.0), T.CreateTruncating(Nesterov ? 1.0 + mu : 1.0));
        }
        else
        {
            bool first = StepCount == 1;
            ApplyFramework(ref w, ref g, ref v, n, T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay),
                T.CreateTruncating(first ? 0.0 : mu), T.CreateTruncating(first ? 1.0 : 1.0 - Dampening),
                T.CreateTruncating(Nesterov ? 1.0 : 0.0), T.CreateTruncating(Nesterov ? mu : 1.0));
        }
    }

    // v ← μv − ηg; w ← (w + cPrev·v_prev) + cNew·v, with (cPrev, cNew) = (−μ, 1 + μ) for Nesterov, (0, 1) otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ApplyClassic(ref T w, ref T g, ref T v, nuint n, T lr, T wd, T mu, T cPrev, T cNew)
    {
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
            i = ClassicVectors<VectorLanes512<T>, Vector512<T>>(ref w, ref g, ref v, n, lr, wd, mu, cPrev, cNew);
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
            i = ClassicVectors<VectorLanes256<T>, Vector256<T>>(ref w, ref g, ref v, n, lr, wd, mu, cPrev, cNew);
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref w, i);
            ref T vi = ref Unsafe.Add(ref v, i);
            T gi = Unsafe.Add(ref g, i) + wd * wi;
            T prev = vi;
            vi = mu * prev - lr * gi;
            wi = wi + cPrev * prev + cNew * vi;
        }
    }

    // ApplyClassic's whole vectors at one width, each operation in the scalar loop's order (so every lane is
    // bit-identical to it); returns how many elements were done.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ClassicVectors<TLanes, TVector>(ref T w, ref T g, ref T v, nuint n, T lr, T wd, T mu, T cPrev, T cNew)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector vlr = TLanes.Broadcast(lr), vwd = TLanes.Broadcast(wd), vmu = TLanes.Broadcast(mu), vcp = TLanes.Broadcast(cPrev), vcn = TLanes.Broadcast(cNew);
        nuint i = 0;
        for (nuint last = n - (nuint)TLanes.Count; i <= last; i += (nuint)TLanes.Count)
        {
            TVector vw = TLanes.Load(ref w, i);
            TVector vg = TLanes.Add(TLanes.Load(ref g, i), TLanes.Multiply(vwd, vw));                  // g + λw
            TVector vprev = TLanes.Load(ref v, i);
            TVector vv = TLanes.Subtract(TLanes.Multiply(vmu, vprev), TLanes.Multiply(vlr, vg));       // μv − ηg
            TLanes.Store(vv, ref v, i);
            // (w + cPrev·v_prev) + cNew·v
            TLanes.Store(TLanes.Add(TLanes.Add(vw, TLanes.Multiply(vcp, vprev)), TLanes.Multiply(vcn, vv)), ref w, i);
        }
        return i;
    }

    // v ← μv + (1 − d)g (μ = 0, 1 − d = 1 on the first step, giving v = g); w ← w − η(cG·g + cV·v),
    // with (cG, cV) = (1, μ) for Nesterov, (0, 1) otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ApplyFramework(ref T w, ref T g, ref T v, nuint n, T lr, T wd, T mu, T oneMinusDampening, T cG, T cV)
    {
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
            i = FrameworkVectors<VectorLanes512<T>, Vector512<T>>(ref w, ref g, ref v, n, lr, wd, mu, oneMinusDampening, cG, cV);
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
            i = FrameworkVectors<VectorLanes256<T>, Vector256<T>>(ref w, ref g, ref v, n, lr, wd, mu, oneMinusDampening, cG, cV);
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref w, i);
            ref T vi = ref Unsafe.Add(ref v, i);
            T gi = Unsafe.Add(ref g, i) + wd * wi;
            vi = mu * vi + oneMinusDampening * gi;
            wi = wi - lr * (cG * gi + cV * vi);
        }
    }

    // ApplyFramework's whole vectors at one width, each operation in the scalar loop's order (so every lane is
    // bit-identical to it); returns how many elements were done.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint FrameworkVectors<TLanes, TVector>(ref T w, ref T g, ref T v, nuint n, T lr, T wd, T mu, T oneMinusDampening, T cG, T cV)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector vlr = TLanes.Broadcast(lr), vwd = TLanes.Broadcast(wd), vmu = TLanes.Broadcast(mu), vdamp = TLanes.Broadcast(oneMinusDampening),
            vcg = TLanes.Broadcast(cG), vcv = TLanes.Broadcast(cV);
        nuint i = 0;
        for (nuint last = n - (nuint)TLanes.Count; i <= last; i += (nuint)TLanes.Count)
        {
            TVector vw = TLanes.Load(ref w, i);
            TVector vg = TLanes.Add(TLanes.Load(ref g, i), TLanes.Multiply(vwd, vw));                                  // g + λw
            TVector vv = TLanes.Add(TLanes.Multiply(vmu, TLanes.Load(ref v, i)), TLanes.Multiply(vdamp, vg));          // μv + (1 − d)g
            TLanes.Store(vv, ref v, i);
            // w − η(cG·g + cV·v)
            TLanes.Store(TLanes.Subtract(vw, TLanes.Multiply(vlr, TLanes.Add(TLanes.Multiply(vcg, vg), TLanes.Multiply(vcv, vv)))), ref w, i);
        }
        return i;
    }
}
