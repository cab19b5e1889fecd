namespace NativeNet.Kernels;

/// <summary>
/// A panel with its MR values of one k step side by side: a packed panel, or Aᵀ stored k×m read in place. The row
/// stride is ignored.
/// </summary>
internal readonly struct ContiguousPanelRows : IPanelRows
{
    /// <inheritdoc/>
    public static nint Offset(int row, nint rowStride) => row;
}
