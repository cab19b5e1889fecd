using System.Numerics;
using System.Runtime.CompilerServices;

namespace NativeNet.Kernels;

/// <summary>
/// A copy of a constant right-hand operand B (k×n, such as a dense layer's weights) in the GEMM's packed panel layout,
/// made once so that products with it skip packing B: a predictor's batches read the weights as contiguous panels
/// instead of copying them per call or reading them a row stride apart.
/// </summary>
/// <remarks>
/// The copy is of B's values when it was made, and in the layout of the kernel and k blocking of that moment; a product
/// on another kernel (a capped vector width) or blocking reads B itself, with the same bits.
/// </remarks>
internal sealed unsafe class PackedMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Holds the panels, which start on a cache line inside it.
    private readonly T[] _storage;
    private readonly T* _panels;
    private readonly GemmKernelKind _kind;
    private readonly int _kc;

    /// <summary>Packs <paramref name="b"/> (k×n, row-major, rows <paramref name="ldb"/> apart) for the current kernel.</summary>
    public PackedMatrix(ReadOnlySpan<T> b, int k, int n, int ldb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (ldb < n || (long)(k - 1) * ldb + n > b.Length)
            throw new ArgumentException($"B of {k}×{n} with rows {ldb} apart needs {(long)(k - 1) * ldb + n} values, got {b.Length}.", nameof(b));
        _kind = GemmSettings.Kernel;
        Rows = k;
        Columns = n;
        _storage = CacheLineArray.Allocate<T>(checked((int)GemmDriver.PackedLength<T>(_kind, n, k)), uninitialized: true, out int offset);
        _panels = (T*)Unsafe.AsPointer(ref _storage[offset]);
        fixed (T* pb = b)
            _kc = GemmDriver.PackB(_kind, n, k, pb, ldb, _panels);
    }

    /// <summary>Rows of B (the products' depth k).</summary>
    public int Rows { get; }

    /// <summary>Columns of B (the products' n).</summary>
    public int Columns { get; }

    /// <summary>The panels, if they are laid out for <paramref name="kind"/> with k blocks of depth <paramref name="kc"/>; else null.</summary>
    public T* PanelsFor(GemmKernelKind kind, int kc) => kind == _kind && kc == _kc ? _panels : null;
}
