using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NativeNet.Kernels;

/// <summary>
/// The elementwise engine: runs an operator (<see cref="IUnaryOperator{T}"/>, <see cref="IBinaryOperator{T}"/>) over
/// arrays at the widest vector width in use (<see cref="VectorWidth"/>), then narrower widths for what is left, then
/// one element at a time with <see cref="ScalarLanes{T}"/>. The operator is written once; every element is computed by
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
        if (x.Length != z.Length || columns == 0 ? x.Length != 0 : x.Length % columns != 0)
            throw new ArgumentException($"{x.Length} inputs and {z.Length} outputs are not whole rows of {columns} values.", nameof(z));
        ref T vr = ref MemoryMarshal.GetReference(v);
        for (int r = 0; columns > 0 && r < x.Length / columns; r++)
            Map(ref MemoryMarshal.GetReference(x.Slice(r * columns)), ref vr, ref MemoryMarshal.GetReference(z.Slice(r * columns)), (nuint)columns, op);
    }

    /// <summary>y[i] = op(x[i]) for <paramref name="n"/> elements from references (the GEMM epilogues' tile rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Map<T, TOp>(ref T x, ref T y, nuint n, TOp op)
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        var loop = new UnaryLoop<T, TOp>(ref x, ref y, op);
        Run<T, UnaryLoop<T, TOp>>(ref loop, n);
    }

    /// <summary>z[i] = op(x[i], y[i]) for <paramref name="n"/> elements from references.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Map<T, TOp>(ref T x, ref T y, ref T z, nuint n, TOp op)
        where T : unmanaged
        where TOp : struct, IBinaryOperator<T>
    {
        var loop = new BinaryLoop<T, TOp>(ref x, ref y, ref z, op);
        Run<T, BinaryLoop<T, TOp>>(ref loop, n);
    }

    // The one place that picks widths: the widest in use first, each narrower one for what is left, then scalars.
    private static void Run<T, TLoop>(ref TLoop loop, nuint n)
        where T : unmanaged
        where TLoop : struct, IElementLoop<T>, allows ref struct
    {
        nuint i = 0;
        int bits = VectorWidth.Bits;
        if (bits >= 512) i = loop.Run<VectorLanes512<T>, Vector512<T>>(i, n);
        if (bits >= 256) i = loop.Run<VectorLanes256<T>, Vector256<T>>(i, n);
        if (bits >= 128) i = loop.Run<VectorLanes128<T>, Vector128<T>>(i, n);
        loop.Run<ScalarLanes<T>, Vector128<T>>(i, n);
    }

    /// <summary>One loop shape, run from element <c>i</c> in steps of the lanes' width; returns where it stopped.</summary>
    private interface IElementLoop<T> where T : unmanaged
    {
        nuint Run<TLanes, TVector>(nuint i, nuint n)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged;
    }

    private ref struct UnaryLoop<T, TOp>(ref T x, ref T y, TOp op) : IElementLoop<T>
        where T : unmanaged
        where TOp : struct, IUnaryOperator<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _y = ref y;
        private readonly TOp _op = op;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly nuint Run<TLanes, TVector>(nuint i, nuint n)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            nuint count = (nuint)TLanes.Count;
            for (; i + count <= n; i += count)
                TLanes.Store(_op.Invoke<TLanes, TVector>(TLanes.Load(ref _x, i)), ref _y, i);
            return i;
        }
    }

    private ref struct BinaryLoop<T, TOp>(ref T x, ref T y, ref T z, TOp op) : IElementLoop<T>
        where T : unmanaged
        where TOp : struct, IBinaryOperator<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _y = ref y;
        private readonly ref T _z = ref z;
        private readonly TOp _op = op;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly nuint Run<TLanes, TVector>(nuint i, nuint n)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            nuint count = (nuint)TLanes.Count;
            for (; i + count <= n; i += count)
                TLanes.Store(_op.Invoke<TLanes, TVector>(TLanes.Load(ref _x, i), TLanes.Load(ref _y, i)), ref _z, i);
            return i;
        }
    }
}
