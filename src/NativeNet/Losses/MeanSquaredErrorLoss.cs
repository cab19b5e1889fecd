using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Kernels;

namespace NativeNet.Losses;

/// <summary>
/// Mean squared error over all M elements (PyTorch's <c>MSELoss</c>, reduction "mean"): L = (1/M) Σ (p − t)², with
/// dL/dp = 2(p − t)/M. There is no ½ factor.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class MeanSquaredErrorLoss<T> : ElementwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> gradient)
    {
        Span<T> terms = TermBuffer(predictions.Length);
        var kernel = new Kernel(ref MemoryMarshal.GetReference(predictions), ref MemoryMarshal.GetReference(targets),
            ref MemoryMarshal.GetReference(gradient), ref MemoryMarshal.GetReference(terms), T.CreateChecked(2.0 / predictions.Length));
        Elementwise.ForEach<T, Kernel>(ref kernel, (nuint)predictions.Length);
        return MeanInOrder(terms);
    }

    // (p − t)² and 2(p − t)/M of each element.
    private readonly ref struct Kernel(ref T p, ref T t, ref T gradient, ref T terms, T scale) : IElementwiseKernel<T>
    {
        private readonly ref T _p = ref p;
        private readonly ref T _t = ref t;
        private readonly ref T _g = ref gradient;
        private readonly ref T _l = ref terms;
        private readonly T _scale = scale;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector d = TLanes.Subtract(TLanes.Load(ref _p, i), TLanes.Load(ref _t, i));
            TLanes.Store(TLanes.Multiply(d, d), ref _l, i);
            TLanes.Store(TLanes.Multiply(d, TLanes.Broadcast(_scale)), ref _g, i);
        }
    }
}
