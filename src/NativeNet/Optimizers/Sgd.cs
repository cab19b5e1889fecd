using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
        {
            var vlr = Vector512.Create(lr);
            var vwd = Vector512.Create(wd);
            for (nuint last = n - (nuint)Vector512<T>.Count; i <= last; i += (nuint)Vector512<T>.Count)
            {
                var vw = Vector512.LoadUnsafe(ref w, i);
                var vg = Vector512.LoadUnsafe(ref g, i) + vwd * vw;
                (vw - vlr * vg).StoreUnsafe(ref w, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            var vlr = Vector256.Create(lr);
            var vwd = Vector256.Create(wd);
            for (nuint last = n - (nuint)Vector256<T>.Count; i <= last; i += (nuint)Vector256<T>.Count)
            {
                var vw = Vector256.LoadUnsafe(ref w, i);
                var vg = Vector256.LoadUnsafe(ref g, i) + vwd * vw;
                (vw - vlr * vg).StoreUnsafe(ref w, i);
            }
        }
        for (; i < n; i++)
        {
            ref T wi = ref Unsafe.Add(ref w, i);
            T gi = Unsafe.Add(ref g, i) + wd * wi;
            wi = wi - lr * gi;
        }
    }
}
