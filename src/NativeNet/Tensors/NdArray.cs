using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using NativeNet.Kernels;

namespace NativeNet.Tensors;

/// <summary>
/// A dense, row-major, contiguous n-dimensional array of <see cref="float"/> or <see cref="double"/>.
/// </summary>
/// <remarks>
/// <para>
/// Named <c>NdArray</c> rather than <c>Tensor</c> so that it never collides with the experimental
/// <c>System.Numerics.Tensors.Tensor&lt;T&gt;</c> when both namespaces are imported.
/// </para>
/// <para>
/// Storage lives on the pinned object heap, so kernels may take raw pointers to it without <c>fixed</c>.
/// Views (<see cref="Reshape(int[])"/>, <see cref="Flatten2D"/>, <see cref="Slice"/>) share that storage: writing
/// through a view writes the original.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class NdArray<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _storage;
    private readonly int _offset;
    private readonly int[] _shape;

    /// <summary>Creates a zero-filled array of the given shape.</summary>
    /// <param name="shape">The size of each axis; every size must be non-negative.</param>
    public NdArray(params int[] shape)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"NdArray supports float and double, not {typeof(T).Name}.");
        _shape = ValidateShape(shape);
        Length = Product(_shape);
        // On a cache line: a GEMM reading rows in place then splits no vector load across two lines (32×784×256: 62
        // GFLOP/s with B 16 bytes past a line, 74 on one).
        _storage = CacheLineArray.Allocate<T>(Length, uninitialized: false, out _offset);
    }

    private NdArray(T[] storage, int offset, int[] shape)
    {
        _storage = storage;
        _offset = offset;
        _shape = shape;
        Length = Product(shape);
    }

    /// <summary>Total number of elements.</summary>
    public int Length { get; }

    /// <summary>Number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>The size of each axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The size of one axis; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[NormalizeAxis(axis)];

    /// <summary>The number of rows when the array is read as a matrix: the first axis (1 for a scalar).</summary>
    public int Rows => _shape.Length == 0 ? 1 : _shape[0];

    /// <summary>The number of elements per first-axis entry (the product of all other axes).</summary>
    public int RowLength => _shape.Length == 0 ? 1 : (_shape[0] == 0 ? Product(_shape.AsSpan(1)) : Length / _shape[0]);

    /// <summary>The shape as a string such as <c>(100, 3072)</c>, used in every error message.</summary>
    public string ShapeString => FormatShape(_shape);

    /// <summary>The elements as a span, in row-major order.</summary>
    public Span<T> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(_storage, _offset, Length);
    }

    /// <summary>A reference to the first element; stable for the array's lifetime (pinned storage).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T GetPinnableReference() =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_storage), _offset);

    /// <summary>A pointer to the first element; valid for the array's lifetime because the storage is pinned.</summary>
    public unsafe T* Pointer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (T*)Unsafe.AsPointer(ref GetPinnableReference());
    }

    /// <summary>Whether this array and <paramref name="other"/> are views of the same storage.</summary>
    public bool SharesStorageWith(NdArray<T> other) => ReferenceEquals(_storage, other._storage);

    /// <summary>Element at a flat (row-major) index.</summary>
    public ref T this[int flatIndex] => ref Span[flatIndex];

    /// <summary>Element of a matrix (rank-2 array).</summary>
    public ref T this[int row, int column]
    {
        get
        {
            if (_shape.Length != 2) throw new InvalidOperationException($"A [row, column] index needs a rank-2 array, not shape {ShapeString}.");
            if ((uint)row >= (uint)_shape[0] || (uint)column >= (uint)_shape[1])
                throw new IndexOutOfRangeException($"Index ({row}, {column}) is outside shape {ShapeString}.");
            return ref _storage[_offset + row * _shape[1] + column];
        }
    }

    /// <summary>Element of a rank-3 array.</summary>
    public ref T this[int i, int j, int k] => ref At(i, j, k);

    /// <summary>Element at a full multi-index (one entry per axis).</summary>
    public ref T At(params ReadOnlySpan<int> index)
    {
        if (index.Length != _shape.Length)
            throw new ArgumentException($"Index of rank {index.Length} does not match shape {ShapeString}.", nameof(index));
        int flat = 0;
        for (int axis = 0; axis < index.Length; axis++)
        {
            if ((uint)index[axis] >= (uint)_shape[axis])
                throw new IndexOutOfRangeException($"Index {index[axis]} on axis {axis} is outside shape {ShapeString}.");
            flat = flat * _shape[axis] + index[axis];
        }
        return ref _storage[_offset + flat];
    }

    // ---------------------------------------------------------------- factories

    /// <summary>A zero-filled array.</summary>
    public static NdArray<T> Zeros(params int[] shape) => new(shape);

    /// <summary>An array with every element equal to <paramref name="value"/>.</summary>
    public static NdArray<T> Full(T value, params int[] shape)
    {
        var result = new NdArray<T>(shape);
        result.Span.Fill(value);
        return result;
    }

    /// <summary>Copies <paramref name="values"/> into a new array of the given shape (a vector when no shape is given).</summary>
    /// <exception cref="ArgumentException">The element count does not match the shape.</exception>
    public static NdArray<T> FromArray(ReadOnlySpan<T> values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var result = new NdArray<T>(shape.Length == 0 ? [values.Length] : shape);
        if (values.Length != result.Length)
            throw new ArgumentException($"{values.Length} values cannot fill shape {result.ShapeString} ({result.Length} elements).", nameof(values));
        values.CopyTo(result.Span);
        return result;
    }

    /// <summary>Copies a one-dimensional array into a new vector.</summary>
    public static NdArray<T> FromArray(T[] values) => FromArray(values, values.Length);

    /// <summary>Copies a rectangular array into a new matrix.</summary>
    public static NdArray<T> FromArray(T[,] values)
    {
        var result = new NdArray<T>(values.GetLength(0), values.GetLength(1));
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(values)), values.Length)
            .CopyTo(result.Span);
        return result;
    }

    /// <summary>Normally distributed values, drawn from <paramref name="rng"/> in row-major order.</summary>
    public static NdArray<T> RandomNormal(Rng rng, T mean, T std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var result = new NdArray<T>(shape);
        rng.FillNormal(result.Span, mean, std);
        return result;
    }

    /// <summary>Uniformly distributed values in [<paramref name="low"/>, <paramref name="high"/>), drawn from <paramref name="rng"/>.</summary>
    public static NdArray<T> RandomUniform(Rng rng, T low, T high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var result = new NdArray<T>(shape);
        rng.FillUniform(result.Span, low, high);
        return result;
    }

    // ---------------------------------------------------------------- views and copies

    /// <summary>
    /// A view with a new shape over the same storage. One axis may be -1: it is inferred from the others.
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public NdArray<T> Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var resolved = (int[])shape.Clone();
        int inferred = -1, known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (inferred >= 0) throw new ArgumentException($"Reshape of {ShapeString} to {FormatShape(shape)}: only one axis may be -1.", nameof(shape));
                inferred = i;
            }
            else if (resolved[i] < 0) throw new ArgumentException($"Reshape of {ShapeString} to {FormatShape(shape)}: negative axis size.", nameof(shape));
            else known *= resolved[i];
        }
        if (inferred >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ArgumentException($"Cannot reshape {ShapeString} ({Length} elements) to {FormatShape(shape)}.", nameof(shape));
            resolved[inferred] = Length / known;
        }
        if (Product(resolved) != Length)
            throw new ArgumentException($"Cannot reshape {ShapeString} ({Length} elements) to {FormatShape(shape)}.", nameof(shape));
        return new NdArray<T>(_storage, _offset, resolved);
    }

    /// <summary>A rank-2 view (first axis, product of the rest): how layers read a batch of N samples as N×D.</summary>
    public NdArray<T> Flatten2D() => Reshape(Rows, RowLength);

    /// <summary>A rank-1 view of all elements.</summary>
    public NdArray<T> Ravel() => Reshape(Length);

    /// <summary>A view of <paramref name="count"/> entries of the first axis from <paramref name="start"/> (a minibatch), without copying.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the first axis.</exception>
    public NdArray<T> Slice(int start, int count)
    {
        if (_shape.Length == 0) throw new InvalidOperationException("A scalar has no first axis to slice.");
        if (start < 0 || count < 0 || start + count > _shape[0])
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + count}) is outside the first axis of shape {ShapeString}.");
        var shape = (int[])_shape.Clone();
        shape[0] = count;
        return new NdArray<T>(_storage, _offset + start * RowLength, shape);
    }

    /// <summary>A view of one entry of the first axis, with that axis removed.</summary>
    public NdArray<T> Row(int index)
    {
        var slice = Slice(index, 1);
        return new NdArray<T>(slice._storage, slice._offset, _shape[1..]);
    }

    /// <summary>A new array with its own storage and the same shape and values.</summary>
    public NdArray<T> Clone()
    {
        var copy = new NdArray<T>(_shape);
        Span.CopyTo(copy.Span);
        return copy;
    }

    /// <summary>Copies the values into <paramref name="destination"/>, which must have the same number of elements.</summary>
    public void CopyTo(NdArray<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length != Length)
            throw new ArgumentException($"Cannot copy shape {ShapeString} into shape {destination.ShapeString}.", nameof(destination));
        Span.CopyTo(destination.Span);
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(T value) => Span.Fill(value);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>The flat index of the first NaN or infinity, or -1 when every element is finite.</summary>
    public int IndexOfNonFinite()
    {
        if (IsAllFinite()) return -1;
        // Only an array that holds one is searched element by element.
        var span = Span;
        for (int i = 0; i < span.Length; i++)
            if (!T.IsFinite(span[i])) return i;
        return -1;
    }

    /// <summary>The values as a new managed array (row-major).</summary>
    public T[] ToArray() => Span.ToArray();

    /// <summary>The same values converted to another element type.</summary>
    public NdArray<TOther> Cast<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var result = new NdArray<TOther>(_shape);
        ReadOnlySpan<T> source = Span;
        Span<TOther> target = result.Span;
        if (typeof(T) == typeof(float) && typeof(TOther) == typeof(double))
            TensorPrimitives.ConvertChecked(MemoryMarshal.Cast<T, float>(source), MemoryMarshal.Cast<TOther, double>(target));
        else if (typeof(T) == typeof(double) && typeof(TOther) == typeof(float))
            TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<T, double>(source), MemoryMarshal.Cast<TOther, float>(target));
        else
            MemoryMarshal.Cast<T, TOther>(source).CopyTo(target);
        return result;
    }

    // ---------------------------------------------------------------- elementwise arithmetic

    /// <summary>Throws an <see cref="ArgumentException"/> naming both shapes unless <paramref name="other"/> has this array's shape.</summary>
    public void EnsureSameShape(NdArray<T> other, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_shape.AsSpan().SequenceEqual(other._shape))
            throw new ArgumentException($"Shape mismatch{(operation is null ? "" : " in " + operation)}: {ShapeString} vs {other.ShapeString}.");
    }

    /// <summary>Whether the shape equals <paramref name="shape"/>.</summary>
    public bool HasShape(params ReadOnlySpan<int> shape) => _shape.AsSpan().SequenceEqual(shape);

    /// <summary>Elementwise sum.</summary>
    public static NdArray<T> operator +(NdArray<T> a, NdArray<T> b) { a.EnsureSameShape(b, "+"); var r = new NdArray<T>(a._shape); TensorPrimitives.Add<T>(a.Span, b.Span, r.Span); return r; }
    /// <summary>Elementwise difference.</summary>
    public static NdArray<T> operator -(NdArray<T> a, NdArray<T> b) { a.EnsureSameShape(b, "-"); var r = new NdArray<T>(a._shape); TensorPrimitives.Subtract<T>(a.Span, b.Span, r.Span); return r; }
    /// <summary>Elementwise (Hadamard) product.</summary>
    public static NdArray<T> operator *(NdArray<T> a, NdArray<T> b) { a.EnsureSameShape(b, "*"); var r = new NdArray<T>(a._shape); TensorPrimitives.Multiply<T>(a.Span, b.Span, r.Span); return r; }
    /// <summary>Elementwise quotient.</summary>
    public static NdArray<T> operator /(NdArray<T> a, NdArray<T> b) { a.EnsureSameShape(b, "/"); var r = new NdArray<T>(a._shape); TensorPrimitives.Divide<T>(a.Span, b.Span, r.Span); return r; }
    /// <summary>Adds a scalar to every element.</summary>
    public static NdArray<T> operator +(NdArray<T> a, T s) { var r = new NdArray<T>(a._shape); TensorPrimitives.Add<T>(a.Span, s, r.Span); return r; }
    /// <summary>Subtracts a scalar from every element.</summary>
    public static NdArray<T> operator -(NdArray<T> a, T s) { var r = new NdArray<T>(a._shape); TensorPrimitives.Subtract<T>(a.Span, s, r.Span); return r; }
    /// <summary>Multiplies every element by a scalar.</summary>
    public static NdArray<T> operator *(NdArray<T> a, T s) { var r = new NdArray<T>(a._shape); TensorPrimitives.Multiply<T>(a.Span, s, r.Span); return r; }
    /// <summary>Multiplies every element by a scalar.</summary>
    public static NdArray<T> operator *(T s, NdArray<T> a) => a * s;
    /// <summary>Divides every element by a scalar.</summary>
    public static NdArray<T> operator /(NdArray<T> a, T s) { var r = new NdArray<T>(a._shape); TensorPrimitives.Divide<T>(a.Span, s, r.Span); return r; }
    /// <summary>Elementwise negation.</summary>
    public static NdArray<T> operator -(NdArray<T> a) { var r = new NdArray<T>(a._shape); TensorPrimitives.Negate<T>(a.Span, r.Span); return r; }

    /// <summary>this ← this + other, in place.</summary>
    public NdArray<T> AddInPlace(NdArray<T> other) { EnsureSameShape(other, nameof(AddInPlace)); TensorPrimitives.Add<T>(Span, other.Span, Span); return this; }
    /// <summary>this ← this − other, in place.</summary>
    public NdArray<T> SubtractInPlace(NdArray<T> other) { EnsureSameShape(other, nameof(SubtractInPlace)); TensorPrimitives.Subtract<T>(Span, other.Span, Span); return this; }
    /// <summary>this ← this ⊙ other, in place.</summary>
    public NdArray<T> MultiplyInPlace(NdArray<T> other) { EnsureSameShape(other, nameof(MultiplyInPlace)); TensorPrimitives.Multiply<T>(Span, other.Span, Span); return this; }
    /// <summary>this ← this · s, in place.</summary>
    public NdArray<T> ScaleInPlace(T s) { TensorPrimitives.Multiply<T>(Span, s, Span); return this; }
    /// <summary>this ← this + α·x, in place (axpy).</summary>
    public NdArray<T> AddScaledInPlace(T alpha, NdArray<T> x) { EnsureSameShape(x, nameof(AddScaledInPlace)); TensorPrimitives.MultiplyAdd<T>(x.Span, alpha, Span, Span); return this; }

    // ---------------------------------------------------------------- reductions

    /// <summary>Sum of all elements.</summary>
    public T Sum() => TensorPrimitives.Sum<T>(Span);

    /// <summary>Mean of all elements.</summary>
    public T Mean() => Length == 0 ? T.NaN : Sum() / T.CreateChecked(Length);

    /// <summary>Largest element.</summary>
    public T Max() => TensorPrimitives.Max<T>(Span);

    /// <summary>Smallest element.</summary>
    public T Min() => TensorPrimitives.Min<T>(Span);

    /// <summary>Flat index of the largest element (the first one on ties).</summary>
    public int ArgMax() => TensorPrimitives.IndexOfMax<T>(Span);

    /// <summary>Euclidean norm of all elements.</summary>
    public T Norm() => TensorPrimitives.Norm<T>(Span);

    /// <summary>Whether every element is finite (no NaN, no infinity).</summary>
    public bool IsAllFinite()
    {
        if (Length == 0) return true;
        var kernel = new NonFiniteSum<T>(ref GetPinnableReference());
        Elementwise.ForEach<T, NonFiniteSum<T>>(ref kernel, (nuint)Length);
        return kernel.Sum == T.Zero;
    }

    /// <summary>Sum along one axis; that axis is removed from the result's shape.</summary>
    public NdArray<T> Sum(int axis) => Reduce(axis, ReduceKind.Sum);

    /// <summary>Mean along one axis; that axis is removed from the result's shape.</summary>
    public NdArray<T> Mean(int axis) => Reduce(axis, ReduceKind.Mean);

    /// <summary>Maximum along one axis; that axis is removed from the result's shape.</summary>
    public NdArray<T> Max(int axis) => Reduce(axis, ReduceKind.Max);

    /// <summary>
    /// Index of the maximum along one axis (first on ties), in row-major order of the remaining axes.
    /// For an N×C matrix and axis 1 this is the predicted class of each row.
    /// </summary>
    public int[] ArgMax(int axis)
    {
        axis = NormalizeAxis(axis);
        var (outer, size, inner) = Split(axis);
        var result = new int[outer * inner];
        ReadOnlySpan<T> s = Span;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
                result[o] = size == 0 ? -1 : TensorPrimitives.IndexOfMax<T>(s.Slice(o * size, size));
            return result;
        }
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int best = 0;
                T bestValue = size == 0 ? T.Zero : s[o * size * inner + j];
                for (int i = 1; i < size; i++)
                {
                    T v = s[(o * size + i) * inner + j];
                    if (v > bestValue || (T.IsNaN(v) && !T.IsNaN(bestValue))) { bestValue = v; best = i; }
                }
                result[o * inner + j] = size == 0 ? -1 : best;
            }
        return result;
    }

    private enum ReduceKind { Sum, Mean, Max }

    private NdArray<T> Reduce(int axis, ReduceKind kind)
    {
        axis = NormalizeAxis(axis);
        var (outer, size, inner) = Split(axis);
        var shape = new int[_shape.Length - 1];
        for (int i = 0, j = 0; i < _shape.Length; i++) if (i != axis) shape[j++] = _shape[i];
        var result = new NdArray<T>(shape);
        ReadOnlySpan<T> s = Span;
        Span<T> r = result.Span;
        if (kind == ReduceKind.Max && size == 0)
            throw new InvalidOperationException($"Max along axis {axis} of shape {ShapeString}: the axis is empty.");
        for (int o = 0; o < outer; o++)
        {
            Span<T> dst = r.Slice(o * inner, inner);
            ReadOnlySpan<T> first = s.Slice(o * size * inner, inner);
            if (size > 0) first.CopyTo(dst); else dst.Clear();
            for (int i = 1; i < size; i++)
            {
                ReadOnlySpan<T> src = s.Slice((o * size + i) * inner, inner);
                if (kind == ReduceKind.Max) TensorPrimitives.Max<T>(dst, src, dst);
                else TensorPrimitives.Add<T>(dst, src, dst);
            }
        }
        if (kind == ReduceKind.Mean) TensorPrimitives.Divide<T>(r, T.CreateChecked(size), r);
        return result;
    }

    private (int Outer, int Size, int Inner) Split(int axis)
    {
        int outer = Product(_shape.AsSpan(0, axis));
        int inner = Product(_shape.AsSpan(axis + 1));
        return (outer, _shape[axis], inner);
    }

    private int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + _shape.Length : axis;
        if ((uint)a >= (uint)_shape.Length)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {ShapeString}.");
        return a;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Formats a shape as <c>(2, 3)</c>.</summary>
    public static string FormatShape(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i]);
        }
        if (shape.Length == 1) sb.Append(',');
        return sb.Append(')').ToString();
    }

    private static int[] ValidateShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long total = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape {FormatShape(shape)} has a negative axis size.", nameof(shape));
            total *= d;
            if (total > Array.MaxLength) throw new ArgumentException($"Shape {FormatShape(shape)} has more elements than an array can hold.", nameof(shape));
        }
        return (int[])shape.Clone();
    }

    private static int Product(ReadOnlySpan<int> dims)
    {
        int p = 1;
        foreach (int d in dims) p *= d;
        return p;
    }

    /// <summary>A short description: element type and shape.</summary>
    public override string ToString() => $"NdArray<{typeof(T).Name}>{ShapeString}";
}
