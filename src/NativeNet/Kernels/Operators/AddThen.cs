namespace NativeNet.Kernels;

/// <summary>f(x + y): a bias add followed by a function in the same pass, as a fused layer computes it.</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <typeparam name="TFunction">The function applied to the sum.</typeparam>
/// <param name="function">The function applied to the sum.</param>
public readonly struct AddThen<T, TFunction>(TFunction function) : IBinaryOperator<T>
    where T : unmanaged
    where TFunction : struct, IUnaryOperator<T>
{
    /// <inheritdoc/>
    public TVector Invoke<TLanes, TVector>(TVector x, TVector y)
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged => function.Invoke<TLanes, TVector>(TLanes.Add(x, y));
}
