namespace NativeNet.Kernels;

/// <summary>
/// An elementwise function of two operands, z = f(x, y), written once for every vector width (see
/// <see cref="IUnaryOperator{T}"/>); activation derivatives are of this shape: dx = f(saved, dy).
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public interface IBinaryOperator<T> where T : unmanaged
{
    /// <summary>f of every pair of lanes of <paramref name="x"/> and <paramref name="y"/>.</summary>
    TVector Invoke<TLanes, TVector>(TVector x, TVector y)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged;
}
