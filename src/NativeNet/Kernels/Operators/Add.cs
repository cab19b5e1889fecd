namespace NativeNet.Kernels;

/// <summary>x + y, as an operator for <see cref="Elementwise"/> (a bias add).</summary>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct Add<T> : IBinaryOperator<T> where T : unmanaged
{
    /// <inheritdoc/>
    public TVector Invoke<TLanes, TVector>(TVector x, TVector y)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged => TLanes.Add(x, y);
}
