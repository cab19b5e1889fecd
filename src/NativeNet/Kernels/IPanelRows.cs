namespace NativeNet.Kernels;

/// <summary>
/// Where a micro-kernel finds row i of its A panel within one k step, so one kernel body serves both layouts A can be
/// read from: the kernel is generic over the implementing struct and the JIT compiles one copy per layout, with the
/// contiguous one's offsets folded to constants.
/// </summary>
internal interface IPanelRows
{
    /// <summary>Offset in elements of row <paramref name="row"/> from row 0 at the same k step.</summary>
    static abstract nint Offset(int row, nint rowStride);
}
