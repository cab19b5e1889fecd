using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NativeNet.Kernels;

/// <summary>
/// GEMM epilogue for a dense layer's forward pass: C[i, j] ← f(C[i, j] + bias[j]) with f a <see cref="FusedActivation"/>,
/// applied to each tile of C while it is still in cache, so neither the bias nor the activation costs a pass over C.
/// It holds a raw pointer to the bias, which must stay alive and fixed (an NdArray's storage is pinned) during the call.
/// </summary>
/// <typeparam name="T">Element type (float or double).</typeparam>
public readonly unsafe struct BiasActivationEpilogue<T> : IGemmEpilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T* _bias;
    private readonly int _length;
    private readonly FusedActivation _activation;

    /// <summary>Adds the <paramref name="length"/> values at <paramref name="bias"/> (null for none) to every row of C, then applies <paramref name="activation"/>.</summary>
    /// <exception cref="ArgumentException">The activation is not defined, or a bias pointer is null with a positive length.</exception>
    public BiasActivationEpilogue(T* bias, int length, FusedActivation activation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!Enum.IsDefined(activation)) throw new ArgumentException($"Unknown fused activation {activation}.", nameof(activation));
        if (bias is null && length > 0) throw new ArgumentException("A bias of positive length needs a pointer.", nameof(bias));
        _bias = bias;
        _length = length;
        _activation = activation;
    }

    /// <inheritdoc />
    public void Apply(ref T tile, int ldc, int row, int column, int rows, int columns)
    {
        if (_bias is not null && (uint)column + (uint)columns > (uint)_length)
            throw new ArgumentException($"Bias of length {_length} is shorter than C's {column + columns} columns.");
        T* bias = _bias is null ? null : _bias + column;
        for (int r = 0; r < rows; r++)
        {
            ref T c = ref Unsafe.Add(ref tile, (nint)r * ldc);
            switch (_activation)
            {
                case FusedActivation.Relu: RowRelu(ref c, bias, columns); break;
                case FusedActivation.Sigmoid: RowSigmoid(ref c, bias, columns); break;
                default: RowBias(ref c, bias, columns); break;
            }
        }
    }

    private static void RowBias(ref T c, T* bias, int n)
    {
        if (bias is null) return;
        int j = 0;
        for (; j <= n - Vector<T>.Count; j += Vector<T>.Count)
            (Vector.LoadUnsafe(ref c, (nuint)j) + Vector.Load(bias + j)).StoreUnsafe(ref c, (nuint)j);
        for (; j < n; j++) Unsafe.Add(ref c, j) += bias[j];
    }

    // max(x, 0) written as the relu layer computes it: x > 0 ? x : 0 (so −0 and NaN map the same way).
    private static void RowRelu(ref T c, T* bias, int n)
    {
        int j = 0;
        for (; j <= n - Vector<T>.Count; j += Vector<T>.Count)
        {
            var x = Vector.LoadUnsafe(ref c, (nuint)j);
            if (bias is not null) x += Vector.Load(bias + j);
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), x, Vector<T>.Zero).StoreUnsafe(ref c, (nuint)j);
        }
        for (; j < n; j++)
        {
            T x = Unsafe.Add(ref c, j);
            if (bias is not null) x += bias[j];
            Unsafe.Add(ref c, j) = x > T.Zero ? x : T.Zero;
        }
    }

    private static void RowSigmoid(ref T c, T* bias, int n)
    {
        int j = 0;
        if (typeof(T) == typeof(float))
        {
            ref float cf = ref Unsafe.As<T, float>(ref c);
            float* bf = (float*)bias;
            if (Vector512.IsHardwareAccelerated)
                for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
                {
                    var x = Vector512.LoadUnsafe(ref cf, (nuint)j);
                    if (bf is not null) x += Vector512.Load(bf + j);
                    VectorMath.Sigmoid(x).StoreUnsafe(ref cf, (nuint)j);
                }
            if (Vector256.IsHardwareAccelerated)
                for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    var x = Vector256.LoadUnsafe(ref cf, (nuint)j);
                    if (bf is not null) x += Vector256.Load(bf + j);
                    VectorMath.Sigmoid(x).StoreUnsafe(ref cf, (nuint)j);
                }
        }
        else if (typeof(T) == typeof(double))
        {
            ref double cd = ref Unsafe.As<T, double>(ref c);
            double* bd = (double*)bias;
            if (Vector512.IsHardwareAccelerated)
                for (; j <= n - Vector512<double>.Count; j += Vector512<double>.Count)
                {
                    var x = Vector512.LoadUnsafe(ref cd, (nuint)j);
                    if (bd is not null) x += Vector512.Load(bd + j);
                    VectorMath.Sigmoid(x).StoreUnsafe(ref cd, (nuint)j);
                }
            if (Vector256.IsHardwareAccelerated)
                for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
                {
                    var x = Vector256.LoadUnsafe(ref cd, (nuint)j);
                    if (bd is not null) x += Vector256.Load(bd + j);
                    VectorMath.Sigmoid(x).StoreUnsafe(ref cd, (nuint)j);
                }
        }
        for (; j < n; j++)
        {
            T x = Unsafe.Add(ref c, j);
            if (bias is not null) x += bias[j];
            Unsafe.Add(ref c, j) = ScalarMath.Sigmoid(x);
        }
    }
}
