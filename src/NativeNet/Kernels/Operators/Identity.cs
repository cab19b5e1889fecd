namespace NativeNet.Kernels;

/// <summary>y = x, as an operator for <see cref="Elementwise"/> (a copy).</summary>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct Identity<T> : IUnaryOperator<T> where T : unmanaged
{
    /// <inheritdoc/>
    public TVector Invoke<TLanes, TVector>(TVector x)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged => x;
}
