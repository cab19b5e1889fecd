using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// A layer's reusable output or gradient buffer: it keeps its largest storage and hands out a view of the requested
/// shape, so a smaller last batch and the return to full batches reuse the same memory.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ActivationBuffer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private NdArray<T>? _storage;
    private NdArray<T>? _view;

    /// <summary>A buffer of <paramref name="shape"/>; its contents are whatever the last user left there.</summary>
    public NdArray<T> Get(params ReadOnlySpan<int> shape)
    {
        if (_view is not null && _view.HasShape(shape)) return _view;
        int length = 1;
        foreach (int d in shape) length *= d;
        if (_storage is null || _storage.Length < length) _storage = new NdArray<T>(length);
        _view = _storage.Slice(0, length).Reshape(shape.ToArray());
        return _view;
    }
}
