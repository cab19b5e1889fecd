using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>Converts rank-4 image batches between <see cref="ImageLayout.Nchw"/> and <see cref="ImageLayout.Nhwc"/>.</summary>
public static class ImageLayoutConverter
{
    /// <summary>A new (N, H, W, C) array with the values of an (N, C, H, W) array.</summary>
    /// <exception cref="ArgumentException">The array is not rank 4.</exception>
    public static NdArray<T> ToNhwc<T>(NdArray<T> nchw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireRank4(nchw, nameof(nchw));
        int n = nchw.Dim(0), c = nchw.Dim(1), h = nchw.Dim(2), w = nchw.Dim(3);
        var result = new NdArray<T>(n, h, w, c);
        Transpose(nchw.Span, result.Span, n, c, h * w);
        return result;
    }

    /// <summary>A new (N, C, H, W) array with the values of an (N, H, W, C) array.</summary>
    /// <exception cref="ArgumentException">The array is not rank 4.</exception>
    public static NdArray<T> ToNchw<T>(NdArray<T> nhwc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireRank4(nhwc, nameof(nhwc));
        int n = nhwc.Dim(0), h = nhwc.Dim(1), w = nhwc.Dim(2), c = nhwc.Dim(3);
        var result = new NdArray<T>(n, c, h, w);
        Transpose(nhwc.Span, result.Span, n, h * w, c);
        return result;
    }

    /// <summary>A new array in <paramref name="to"/> layout (a copy when the layouts already agree).</summary>
    public static NdArray<T> Convert<T>(NdArray<T> images, ImageLayout from, ImageLayout to) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        if (from == to) return images.Clone();
        return to == ImageLayout.Nhwc ? ToNhwc(images) : ToNchw(images);
    }

    // Per sample, transposes a (rows, columns) matrix into (columns, rows); the spans were sized by the caller.
    private static void Transpose<T>(ReadOnlySpan<T> source, Span<T> target, int samples, int rows, int columns)
    {
        int plane = rows * columns;
        ref T src = ref MemoryMarshal.GetReference(source);
        ref T dst = ref MemoryMarshal.GetReference(target);
        for (int s = 0; s < samples; s++)
        {
            nint baseOffset = (nint)s * plane;
            for (int r = 0; r < rows; r++)
            {
                ref T srcRow = ref Unsafe.Add(ref src, baseOffset + (nint)r * columns);
                ref T dstColumn = ref Unsafe.Add(ref dst, baseOffset + r);
                for (int col = 0; col < columns; col++)
                    Unsafe.Add(ref dstColumn, (nint)col * rows) = Unsafe.Add(ref srcRow, col);
            }
        }
    }

    private static void RequireRank4<T>(NdArray<T> images, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images, name);
        if (images.Rank != 4)
            throw new ArgumentException($"Image layout conversion needs a rank-4 batch, not shape {images.ShapeString}.", name);
    }
}
