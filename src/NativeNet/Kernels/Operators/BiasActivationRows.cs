using System.Runtime.CompilerServices;

namespace NativeNet.Kernels;

/// <summary>
/// y = f(x + b) row by row, keeping x + b as the pre-activation when asked: a dense or normalization layer's fused
/// epilogue. The bias and the pre-activation are optional (null references); x + b is computed exactly as a separate
/// bias add would, so fused and separate layers give the same bits.
/// </summary>
internal ref struct BiasActivationRows<T, TFunction> : IElementwiseRowKernel<T>
    where T : unmanaged
    where TFunction : struct, IUnaryOperator<T>
{
    private readonly ref T _x0, _bias, _pre0, _y0;
    private readonly nuint _xStride, _preStride, _yStride;
    private readonly bool _hasBias, _hasPre;
    private readonly TFunction _function;
    private ref T _x, _pre, _y;

    public BiasActivationRows(ref T x, nuint xStride, ref T bias, ref T preActivation, nuint preActivationStride, ref T y, nuint yStride,
        TFunction function)
    {
        _x0 = ref x;
        _bias = ref bias;
        _pre0 = ref preActivation;
        _y0 = ref y;
        _xStride = xStride;
        _preStride = preActivationStride;
        _yStride = yStride;
        _hasBias = !Unsafe.IsNullRef(ref bias);
        _hasPre = !Unsafe.IsNullRef(ref preActivation);
        _function = function;
    }

    public void StartRow(nuint row)
    {
        _x = ref Unsafe.Add(ref _x0, row * _xStride);
        _y = ref Unsafe.Add(ref _y0, row * _yStride);
        if (_hasPre) _pre = ref Unsafe.Add(ref _pre0, row * _preStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Invoke<TLanes, TVector>(nuint i)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        TVector t = TLanes.Load(ref _x, i);
        if (_hasBias) t = TLanes.Add(t, TLanes.Load(ref _bias, i));
        if (_hasPre) TLanes.Store(t, ref _pre, i);
        TLanes.Store(_function.Invoke<TLanes, TVector>(t), ref _y, i);
    }
}
