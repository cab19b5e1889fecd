using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeNet.Kernels;

/// <summary>
/// The sum of x − x over an array: 0 when every element is finite, NaN as soon as one is NaN or ±∞. The order of the
/// sum does not matter (it is 0 or NaN), so any width gives the same answer.
/// </summary>
internal ref struct NonFiniteSum<T>(ref T x) : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ref T _x = ref x;

    /// <summary>The running sum.</summary>
    public T Sum { get; private set; } = T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TLanes, TVector>(nuint i)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector v = TLanes.Load(ref _x, i);
        Sum += TLanes.Sum(TLanes.Subtract(v, v));
    }
}
