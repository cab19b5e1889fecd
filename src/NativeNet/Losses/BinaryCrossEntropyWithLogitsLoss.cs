using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Kernels;

namespace NativeNet.Losses;

/// <summary>
/// Binary cross-entropy on logits x with targets t ∈ [0, 1], averaged over all M elements (PyTorch's
/// <c>BCEWithLogitsLoss</c>), in the stable form ℓ = max(x, 0) − x·t + log(1 + exp(−|x|)), which never takes the
/// log of 0 or overflows exp. dL/dx = (σ(x) − t)/M.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class BinaryCrossEntropyWithLogitsLoss<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient)
    {
        Span<T> terms = TermBuffer(predictions.Length);
        var kernel = new Kernel(ref MemoryMarshal.GetReference(predictions), ref MemoryMarshal.GetReference(targets),
            ref MemoryMarshal.GetReference(gradient), ref MemoryMarshal.GetReference(terms), T.One / T.CreateChecked(predictions.Length));
        Elementwise.ForEach<T, Kernel>(ref kernel, (nuint)predictions.Length);
        return MeanInOrder(terms);
    }

    // ℓ and dL/dx of each element from e = exp(−|x|), the one exponential both need.
    private readonly ref struct Kernel(ref T x, ref T t, ref T gradient, ref T terms, T invM) : IElementwiseKernel<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _t = ref t;
        private readonly ref T _g = ref gradient;
        private readonly ref T _l = ref terms;
        private readonly T _invM = invM;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector x = TLanes.Load(ref _x, i), t = TLanes.Load(ref _t, i);
            TVector e = TLanes.Exp(TLanes.Negate(TLanes.Abs(x)));
            TVector u = TLanes.Add(TLanes.One, e);
            // log(1 + e) as log(u)·e/(u − 1), which corrects the rounding of u = 1 + e; e itself where u rounds to 1.
            TVector logOnePlusE = TLanes.ConditionalSelect(TLanes.Equals(u, TLanes.One), e,
                TLanes.Multiply(TLanes.Log(u), TLanes.Divide(e, TLanes.Subtract(u, TLanes.One))));
            TVector term = TLanes.Add(TLanes.Subtract(TLanes.Max(x, T.Zero), TLanes.Multiply(x, t)), logOnePlusE);
            // σ(x) without overflow: 1/(1 + e) for x ≥ 0, e/(1 + e) otherwise.
            TVector sigmoid = TLanes.Divide(TLanes.ConditionalSelect(TLanes.LessThan(x, TLanes.Zero), e, TLanes.One), u);
            TLanes.Store(term, ref _l, i);
            TLanes.Store(TLanes.Multiply(TLanes.Subtract(sigmoid, t), TLanes.Broadcast(_invM)), ref _g, i);
        }
    }
}
