namespace NativeNet.Kernels;

/// <summary>
/// A panel read straight from a row-major A: row i is <c>rowStride</c> elements after row 0 and consecutive k steps are
/// adjacent, so A is used without being transposed into a packed panel first.
/// </summary>
internal readonly struct StridedPanelRows : IPanelRows
{
    /// <inheritdoc/>
    public static nint Offset(int row, nint rowStride) => row * rowStride;
}
