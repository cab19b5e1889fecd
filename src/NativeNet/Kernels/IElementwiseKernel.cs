namespace NativeNet.Kernels;

/// <summary>
/// An in-place update of several arrays at once (an optimizer rule, a normalization pass), written once for every
/// vector width: <see cref="Elementwise.ForEach{T, TKernel}"/> calls <see cref="Invoke{TLanes, TVector}"/> with the
/// 512-, 256- and 128-bit lanes and with <see cref="ScalarLanes{T}"/> for the tail, so every element is computed by the
/// same operations whatever the width. Implement it on a <c>ref struct</c> whose <c>ref T</c> fields point at the
/// arrays and whose plain fields hold the constants; mark <see cref="Invoke{TLanes, TVector}"/>
/// <see cref="System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining"/> so that the loop keeps the
/// kernel's fields in registers.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public interface IElementwiseKernel<T> where T : unmanaged
{
    /// <summary>Processes the <c>TLanes.Count</c> elements from index <paramref name="i"/>.</summary>
    void Invoke<TLanes, TVector>(nuint i)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged;
}
