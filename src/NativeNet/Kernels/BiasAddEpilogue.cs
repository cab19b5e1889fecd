using System.Numerics;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using NativeNet.Tensors;

namespace NativeNet.Kernels;

/// <summary>
/// GEMM epilogue adding a bias row vector to every row of C (C[i, j] += bias[j]), as a Linear layer's forward pass does.
/// It holds a raw pointer to the bias, so the bias must stay alive and fixed (an <see cref="NdArray{T}"/>'s storage is
/// pinned) for the duration of the GEMM call.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public readonly unsafe struct BiasAddEpilogue<T> : IGemmEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T* _bias;
    private readonly int _length;

    /// <summary>Adds <paramref name="bias"/> (length = columns of C) to every row of C.</summary>
    /// <exception cref="ArgumentException">The bias is not a vector.</exception>
    public BiasAddEpilogue(NdArray<T> bias)
    {
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Rank != 1)
            throw new ArgumentException($"Bias must be a vector, got {bias.ShapeString}.", nameof(bias));
        _bias = bias.Pointer;
        _length = bias.Length;
    }

    /// <summary>Adds the <paramref name="length"/> values at <paramref name="bias"/> to every row of C.</summary>
    public BiasAddEpilogue(T* bias, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _bias = bias;
        _length = length;
    }

    /// <summary>Number of bias values; it must be at least the number of columns of C (checked per tile).</summary>
    public int Length => _length;

    /// <inheritdoc />
    public void Apply(ref T tile, int ldc, int row, int column, int rows, int columns)
    {
        if ((uint)column + (uint)columns > (uint)_length)
            throw new ArgumentException($"Bias of length {_length} is shorter than C's {column + columns} columns.");
        var bias = new ReadOnlySpan<T>(_bias + column, columns);
        for (int r = 0; r < rows; r++)
        {
            var dst = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref tile, (nint)r * ldc), columns);
            TensorPrimitives.Add(dst, bias, dst);
        }
    }
}
