using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NativeNet.Kernels;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>
/// Plain stochastic gradient descent with optional coupled (L2) weight decay.
/// </summary>
/// <remarks>
/// <para>Update, per element, with η = <see cref="Optimizer{T}.LearningRate"/> and λ = <see cref="Optimizer{T}.WeightDecay"/>:</para>
/// <code>
/// g ← g + λ·w
/// w ← w − η·g
/// </code>
/// <para>
/// Weight decay λ is exactly an L2 penalty ½·λ·‖w‖² added to the loss (whose gradient is λ·w), or equivalently
/// λ/2·‖w‖² without the ½; it is the PyTorch <c>SGD(weight_decay=λ)</c> rule. State: none.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to train.</param>
    /// <param name="learningRate">η (no default: it depends on the problem; 1e-2 is a common start).</param>
    /// <param name="weightDecay">λ, the coupled L2 coefficient; default 0.</param>
    public Sgd(IEnumerable<Parameter<T>> parameters, double learningRate, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay)
    {
    }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter<T> parameter, double weightDecay, int start, int count)
    {
        ref T w = ref At(parameter.Value, start);
        ref T g = ref At(parameter.Grad, start);
        Apply(ref w, ref g, (nuint)count, T.CreateTruncating(LearningRate), T.CreateTruncating(weightDecay));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply(ref T w, ref T g, nuint n, T lr, T wd)
    {
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
            i = ApplyVectors<VectorLanes512<T>, Vector512<T>>(ref w, ref g, n, lr, wd);
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
            i = ApplyVectors<VectorLanes256<T>, Vector256<T>>(ref w, ref g, n, lr, wd);
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref w, i);
            T gi = Unsafe.Add(ref g, i) + wd * wi;
            wi = wi - lr * gi;
        }
    }

    // The whole vectors of [0, n) at one width, each operation in the scalar loop's order (so every lane is
    // bit-identical to it); returns how many elements were done.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ApplyVectors<TLanes, TVector>(ref T w, ref T g, nuint n, T lr, T wd)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector vlr = TLanes.Broadcast(lr), vwd = TLanes.Broadcast(wd);
        nuint i = 0;
        for (nuint last = n - (nuint)TLanes.Count; i <= last; i += (nuint)TLanes.Count)
        {
            TVector vw = TLanes.Load(ref w, i);
            TVector vg = TLanes.Add(TLanes.Load(ref g, i), TLanes.Multiply(vwd, vw));      // g + λw
            TLanes.Store(TLanes.Subtract(vw, TLanes.Multiply(vlr, vg)), ref w, i);         // w − ηg
        }
        return i;
    }
}
