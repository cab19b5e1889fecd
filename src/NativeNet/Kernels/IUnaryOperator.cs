namespace NativeNet.Kernels;

/// <summary>
/// An elementwise function y = f(x), written once for every vector width: <see cref="Elementwise"/> calls
/// <see cref="Invoke{TLanes, TVector}"/> with the 512-, 256- and 128-bit lanes and with <see cref="ScalarLanes{T}"/>
/// for the tail, and the JIT compiles one inlined copy per width. Implement it on a (readonly) struct; fields hold the
/// function's constants, such as a leaky ReLU's slope.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public interface IUnaryOperator<T> where T : unmanaged
{
    /// <summary>f of every lane of <paramref name="x"/>.</summary>
    TVector Invoke<TLanes, TVector>(TVector x)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged;
}
