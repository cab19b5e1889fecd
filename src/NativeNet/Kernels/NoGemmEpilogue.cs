namespace NativeNet.Kernels;

/// <summary>The epilogue that does nothing; plain GEMM calls use it, and the JIT removes the call entirely.</summary>
internal readonly struct NoGemmEpilogue<T> : IGemmEpilogue<T> where T : unmanaged
{
    public void Apply(ref T tile, int ldc, int row, int column, int rows, int columns)
    {
    }
}
