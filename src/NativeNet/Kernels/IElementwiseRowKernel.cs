namespace NativeNet.Kernels;

/// <summary>
/// An <see cref="IElementwiseKernel{T}"/> over a matrix stored row by row, with per-feature vectors as long as a row
/// (a shift, a scale, per-feature sums): <see cref="Elementwise.ForEachRow{T, TKernel}"/> calls
/// <see cref="StartRow"/> for each row, then <see cref="IElementwiseKernel{T}.Invoke{TLanes, TVector}"/> with the
/// column index, which indexes the row and the per-feature vectors alike.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public interface IElementwiseRowKernel<T> : IElementwiseKernel<T> where T : unmanaged
{
    /// <summary>Points the kernel's row references at row <paramref name="row"/>.</summary>
    void StartRow(nuint row);
}
