using System.Numerics;
using System.Runtime.CompilerServices;
using NativeNet.Layers;

namespace NativeNet.Kernels;

/// <summary>
/// GEMM epilogue for a dense layer's forward pass: C[i, j] ← f(C[i, j] + bias[j]) with f any
/// <see cref="ElementwiseLayer{T}"/> (or none), applied to each tile of C while it is still in cache, so neither the
/// bias nor the activation costs a pass over C. When f's derivative reads its input, C + bias is also kept in a
/// pre-activation matrix. It holds raw pointers, which must stay alive and fixed (an NdArray's storage is pinned)
/// during the call.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public readonly unsafe struct BiasActivationEpilogue<T> : IGemmEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T* _bias;
    private readonly int _length;
    private readonly ElementwiseLayer<T>? _activation;
    private readonly T* _preActivation;
    private readonly int _preActivationStride;

    /// <summary>
    /// Adds the <paramref name="length"/> values at <paramref name="bias"/> (null for none) to every row of C, then
    /// applies <paramref name="activation"/> (null for none), keeping C + bias in the matrix at
    /// <paramref name="preActivation"/> (row stride <paramref name="preActivationStride"/>) unless that is null.
    /// </summary>
    /// <exception cref="ArgumentException">A bias pointer is null with a positive length.</exception>
    public BiasActivationEpilogue(T* bias, int length, ElementwiseLayer<T>? activation, T* preActivation = null, int preActivationStride = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (bias is null && length > 0) throw new ArgumentException("A bias of positive length needs a pointer.", nameof(bias));
        _bias = bias;
        _length = length;
        _activation = activation;
        _preActivation = preActivation;
        _preActivationStride = preActivationStride;
    }

    /// <inheritdoc />
    public void Apply(ref T tile, int ldc, int row, int column, int rows, int columns)
    {
        if (_bias is not null && (uint)column + (uint)columns > (uint)_length)
            throw new ArgumentException($"Bias of length {_length} is shorter than C's {column + columns} columns.");
        ref T bias = ref _bias is null ? ref Unsafe.NullRef<T>() : ref Unsafe.AsRef<T>(_bias + column);
        if (_activation is not null)
        {
            ref T pre = ref _preActivation is null
                ? ref Unsafe.NullRef<T>()
                : ref Unsafe.AsRef<T>(_preActivation + (nint)row * _preActivationStride + column);
            _activation.Apply(ref tile, (nuint)ldc, ref bias, ref pre, (nuint)_preActivationStride, ref tile, (nuint)ldc, (nuint)rows, (nuint)columns);
            return;
        }
        if (_bias is null) return;
        var add = new BiasActivationRows<T, Identity<T>>(ref tile, (nuint)ldc, ref bias, ref Unsafe.NullRef<T>(), 0, ref tile, (nuint)ldc, default);
        Elementwise.ForEachRow<T, BiasActivationRows<T, Identity<T>>>(ref add, (nuint)rows, (nuint)columns);
    }
}
