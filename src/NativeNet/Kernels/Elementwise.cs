using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NativeNet.Kernels;

/// <summary>
/// The elementwise engine: runs an operator (<see cref="IUnaryOperator{T}"/>, <see cref="IBinaryOperator{T}"/>) or an
/// in-place kernel (<see cref="IElementwiseKernel{T}"/>, <see cref="IElementwiseRowKernel{T}"/>) over arrays at the
/// widest vector width in use (<see cref="VectorWidth"/>), then narrower widths for what is left, then one element at
/// a time with <see cref="ScalarLanes{T}"/>. The operator or kernel is written once; every element is computed by
/// the same operations whatever the width, so the result does not depend on the width or on where an element falls.
/// </summary>
public static class Elementwise
{
    /// <summary>y[i] = op(x[i]); <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Map<T, TOp>(ReadOnlySpan<T> x, Span<T> y, TOp op)
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        if (x.Length != y.Length) throw new ArgumentException($"The output has {y.Length} elements but the input {x.Length}.", nameof(y));
        Map(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), (nuint)x.Length, op);
    }

    /// <summary>z[i] = op(x[i], y[i]); <paramref name="z"/> may be either input.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Map<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z, TOp op)
        where T : unmanaged
        where TOp : struct, IBinaryOperator<T>
    {
        if (x.Length != y.Length || x.Length != z.Length)
            throw new ArgumentException($"The operands have {x.Length}, {y.Length} and {z.Length} elements; they must agree.", nameof(z));
        Map(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(z), (nuint)x.Length, op);
    }

    /// <summary>
    /// z[r, j] = op(x[r, j], v[j]) for a matrix stored row by row with as many values a row as <paramref name="v"/>: the
    /// "row with per-feature vector" shape (bias, scale).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not describe whole rows of <paramref name="v"/>'s length.</exception>
    public static void MapRows<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, Span<T> z, TOp op)
        where T : unmanaged
        where TOp : struct, IBinaryOperator<T>
    {
        int columns = v.Length;
        if (x.Length != z.Length || (columns == 0 ? x.Length != 0 : x.Length % columns != 0))
            throw new ArgumentException($"{x.Length} inputs and {z.Length} outputs are not whole rows of {columns} values.", nameof(z));
        if (columns == 0) return;
        var kernel = new RowVectorKernel<T, TOp>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(v),
            ref MemoryMarshal.GetReference(z), (nuint)columns, op);
        ForEachRow<T, RowVectorKernel<T, TOp>>(ref kernel, (nuint)(x.Length / columns), (nuint)columns);
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> over elements 0 to <paramref name="n"/> − 1: the in-place update of several
    /// arrays (see <see cref="IElementwiseKernel{T}"/>). The kernel runs on a copy that is written back at the end, so a
    /// kernel may keep running state in its fields.
    /// </summary>
    public static void ForEach<T, TKernel>(ref TKernel kernel, nuint n)
        where T : unmanaged
        where TKernel : struct, IElementwiseKernel<T>, allows ref struct
    {
        var rows = new SingleRow<T, TKernel>(kernel);
        ForEachRow<T, SingleRow<T, TKernel>>(ref rows, 1, n);
        kernel = rows.Kernel;
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> over each of <paramref name="rows"/> rows of <paramref name="columns"/> values:
    /// <see cref="IElementwiseRowKernel{T}.StartRow"/>, then columns 0 to <paramref name="columns"/> − 1 (the "row with
    /// per-feature vector" shape). The kernel runs on a copy that is written back at the end. Each column is visited
    /// row after row, so a kernel that accumulates per feature adds the rows in order at every width.
    /// </summary>
    public static void ForEachRow<T, TKernel>(ref TKernel kernel, nuint rows, nuint columns)
        where T : unmanaged
        where TKernel : struct, IElementwiseRowKernel<T>, allows ref struct
    {
        // The one place that picks widths: the widest in use takes the columns it can, each narrower one what is left,
        // then scalars. IsHardwareAccelerated is a JIT-time constant: widths the machine lacks are not compiled at all.
        int bits = VectorWidth.Bits;
        nuint j = 0;
        if (Vector512.IsHardwareAccelerated && bits >= 512 && columns - j >= (nuint)Vector512<T>.Count)
            j = Loop<T, TKernel, VectorLanes512<T>, Vector512<T>>(ref kernel, rows, j, columns);
        if (Vector256.IsHardwareAccelerated && bits >= 256 && columns - j >= (nuint)Vector256<T>.Count)
            j = Loop<T, TKernel, VectorLanes256<T>, Vector256<T>>(ref kernel, rows, j, columns);
        if (Vector128.IsHardwareAccelerated && bits >= 128 && columns - j >= (nuint)Vector128<T>.Count)
            j = Loop<T, TKernel, VectorLanes128<T>, Vector128<T>>(ref kernel, rows, j, columns);
        if (j < columns)
            Loop<T, TKernel, ScalarLanes<T>, Vector128<T>>(ref kernel, rows, j, columns);
    }

    /// <summary>y[i] = op(x[i]) for <paramref name="n"/> elements from references (the GEMM epilogues' tile rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Map<T, TOp>(ref T x, ref T y, nuint n, TOp op)
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        var kernel = new UnaryKernel<T, TOp>(ref x, ref y, op);
        ForEach<T, UnaryKernel<T, TOp>>(ref kernel, n);
    }

    /// <summary>z[i] = op(x[i], y[i]) for <paramref name="n"/> elements from references.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Map<T, TOp>(ref T x, ref T y, ref T z, nuint n, TOp op)
        where T : unmanaged
        where TOp : struct, IBinaryOperator<T>
    {
        var kernel = new BinaryKernel<T, TOp>(ref x, ref y, ref z, op);
        ForEach<T, BinaryKernel<T, TOp>>(ref kernel, n);
    }

    // Columns from <paramref name="start"/> in steps of the lanes' width while a whole step fits, in every row; returns
    // where the steps stopped. Never inlined: each width's loop is a method of its own, so the JIT's inlining budget, which
    // grows with the size of the method it compiles, is spent on the kernel alone and not on other widths' copies of it.
    // The kernel is copied into a local that nothing else can alias, so its fields stay in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint Loop<T, TKernel, TLanes, TVector>(ref TKernel kernel, nuint rows, nuint start, nuint columns)
        where T : unmanaged
        where TKernel : struct, IElementwiseRowKernel<T>, allows ref struct
        where TLanes : struct, IVectorLanes<T, TVector>
        where TVector : unmanaged
    {
        nuint count = (nuint)TLanes.Count;
        nuint end = start + (columns - start) / count * count;
        TKernel local = kernel;
        for (nuint r = 0; r < rows; r++)
        {
            local.StartRow(r);
            for (nuint j = start; j < end; j += count)
                local.Invoke<TLanes, TVector>(j);
        }
        kernel = local;
        return end;
    }

    // A one-dimensional kernel as a single row.
    private ref struct SingleRow<T, TKernel>(TKernel kernel) : IElementwiseRowKernel<T>
        where T : unmanaged
        where TKernel : struct, IElementwiseKernel<T>, allows ref struct
    {
        public TKernel Kernel = kernel;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void StartRow(nuint row)
        {
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged =>
            Kernel.Invoke<TLanes, TVector>(i);
    }

    private readonly ref struct UnaryKernel<T, TOp>(ref T x, ref T y, TOp op) : IElementwiseKernel<T>
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _y = ref y;
        private readonly TOp _op = op;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged =>
            TLanes.Store(_op.Invoke<TLanes, TVector>(TLanes.Load(ref _x, i)), ref _y, i);
    }

    // z[r, j] = op(x[r, j], v[j]): the rows of x and z advance, the per-feature vector v stays.
    private ref struct RowVectorKernel<T, TOp>(ref T x, ref T v, ref T z, nuint columns, TOp op) : IElementwiseRowKernel<T>
        where T : unmanaged
        where TOp : struct, IBinaryOperator<T>
    {
        private readonly ref T _x0 = ref x;
        private readonly ref T _v = ref v;
        private readonly ref T _z0 = ref z;
        private readonly nuint _columns = columns;
        private readonly TOp _op = op;
        private ref T _x = ref x;
        private ref T _z = ref z;

        public void StartRow(nuint row)
        {
            _x = ref Unsafe.Add(ref _x0, row * _columns);
            _z = ref Unsafe.Add(ref _z0, row * _columns);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged =>
            TLanes.Store(_op.Invoke<TLanes, TVector>(TLanes.Load(ref _x, i), TLanes.Load(ref _v, i)), ref _z, i);
    }

    private readonly ref struct BinaryKernel<T, TOp>(ref T x, ref T y, ref T z, TOp op) : IElementwiseKernel<T>
        where T : unmanaged
        where TOp : struct, IBinaryOperator<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _y = ref y;
        private readonly ref T _z = ref z;
        private readonly TOp _op = op;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke<TLanes, TVector>(nuint i)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged =>
            TLanes.Store(_op.Invoke<TLanes, TVector>(TLanes.Load(ref _x, i), TLanes.Load(ref _y, i)), ref _z, i);
    }
}
