namespace NativeNet.Kernels;

/// <summary>
/// Work applied to a finished region of C while it is still in cache (bias add, activation, ...). GEMM calls
/// <see cref="Apply"/> exactly once for every element of C, after α·op(A)·op(B) + β·C is complete for that region.
/// Implement it on a struct: GEMM takes it as a generic argument so the call inlines into the tile loop.
/// The struct is copied to worker threads, so it must hold only pointers/values valid for the whole call.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public interface IGemmEpilogue<T> where T : unmanaged
{
    /// <summary>
    /// Transforms the finished region C[row .. row+rows, column .. column+columns) in place.
    /// </summary>
    /// <param name="tile">Reference to C[row, column]; element (r, c) of the region is <c>Unsafe.Add(ref tile, r * ldc + c)</c>.</param>
    /// <param name="ldc">Leading dimension (row stride, in elements) of C.</param>
    /// <param name="row">Row of C where the region starts.</param>
    /// <param name="column">Column of C where the region starts.</param>
    /// <param name="rows">Number of rows in the region (≥ 1).</param>
    /// <param name="columns">Number of columns in the region (≥ 1).</param>
    void Apply(ref T tile, int ldc, int row, int column, int rows, int columns);
}
