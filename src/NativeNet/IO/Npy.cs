using System.Numerics;
using System.Runtime.InteropServices;
using NativeNet.Tensors;

namespace NativeNet.IO;

/// <summary>
/// Reads and writes numpy's NPY format (version 1.0, and 2.0/3.0 on read): little-endian, C order.
/// </summary>
/// <remarks>
/// Readable dtypes: float32, float64, signed and unsigned integers of 1–8 bytes, bool. Fortran-ordered, big-endian,
/// structured and object arrays are rejected with a <see cref="DataFormatException"/> (object arrays would need pickle,
/// which is never executed). The header is validated against the data length before the array is allocated.
/// </remarks>
public static class Npy
{
    /// <summary>Reads an NPY file into an array of <typeparamref name="T"/>, converting numeric dtypes.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed, empty, not a regular file, or its dtype is unsupported.</exception>
    public static NdArray<T> Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = OpenRead(path);
        return Read<T>(stream, path);
    }

    /// <summary>Reads one NPY array from <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">The data is malformed or its dtype is unsupported.</exception>
    public static NdArray<T> Read<T>(Stream stream, string sourceName) where T : unmanaged, IFloatingPointIeee754<T> =>
        Read<T>(stream, sourceName, declaredLength: null);

    /// <summary>
    /// Reads one NPY array whose container declares its total length (a zip entry's uncompressed size), which the
    /// header's payload size must not exceed.
    /// </summary>
    internal static NdArray<T> Read<T>(Stream stream, string sourceName, long? declaredLength) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var descriptor = ReadDescriptor(stream, sourceName);
        var payload = ReadPayload(stream, descriptor, sourceName, declaredLength);
        var result = new NdArray<T>(descriptor.Shape);
        Fill(payload, descriptor, result.Span);
        return result;
    }

    /// <summary>Reads an integer (or bool) NPY file, such as labels, as <see cref="int"/> values.</summary>
    /// <param name="path">The file.</param>
    /// <param name="shape">The array shape.</param>
    /// <exception cref="DataFormatException">The dtype is not an integer type, or a value does not fit in an int.</exception>
    public static int[] ReadInt32(string path, out int[] shape)
    {
        using var stream = OpenRead(path);
        return ReadInt32(stream, path, out shape);
    }

    /// <summary>Reads an integer (or bool) NPY array from <paramref name="stream"/> as <see cref="int"/> values.</summary>
    /// <exception cref="DataFormatException">The dtype is not an integer type, or a value does not fit in an int.</exception>
    public static int[] ReadInt32(Stream stream, string sourceName, out int[] shape)
    {
        var descriptor = ReadDescriptor(stream, sourceName);
        if (descriptor.Kind == 'f')
            throw new DataFormatException(sourceName, descriptor.PayloadOffset, $"expected an integer array but the dtype is {descriptor.Descr}");
        var payload = ReadPayload(stream, descriptor, sourceName, declaredLength: null);
        shape = descriptor.Shape;
        var values = new int[descriptor.PayloadBytes(sourceName) / descriptor.ElementSize];
        try
        {
            Fill<int>(payload, descriptor, values);
        }
        catch (OverflowException e)
        {
            throw new DataFormatException(sourceName, descriptor.PayloadOffset, $"a {descriptor.Descr} value does not fit in a 32-bit int", e);
        }
        return values;
    }

    /// <summary>Writes <paramref name="array"/> as float32 or float64 to <paramref name="path"/> (atomically).</summary>
    public static void Write<T>(string path, NdArray<T> array) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, stream => Write(stream, array));
    }

    /// <summary>Writes <paramref name="array"/> as float32 or float64 to <paramref name="stream"/>.</summary>
    public static void Write<T>(Stream stream, NdArray<T> array) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        WriteCore<T>(stream, array.Span, array.Shape, typeof(T) == typeof(float) ? "<f4" : "<f8");
    }

    /// <summary>Writes float64 values of the given shape.</summary>
    public static void Write(Stream stream, ReadOnlySpan<double> values, ReadOnlySpan<int> shape) => WriteCore(stream, values, shape, "<f8");

    /// <summary>Writes float32 values of the given shape.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> values, ReadOnlySpan<int> shape) => WriteCore(stream, values, shape, "<f4");

    /// <summary>Writes int64 values of the given shape.</summary>
    public static void Write(Stream stream, ReadOnlySpan<long> values, ReadOnlySpan<int> shape) => WriteCore(stream, values, shape, "<i8");

    /// <summary>Writes int32 values of the given shape (e.g. labels).</summary>
    public static void Write(Stream stream, ReadOnlySpan<int> values, ReadOnlySpan<int> shape) => WriteCore(stream, values, shape, "<i4");

    /// <summary>Writes uint8 values of the given shape (e.g. raw pixels).</summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> values, ReadOnlySpan<int> shape) => WriteCore(stream, values, shape, "|u1");

    private static void WriteCore<TElement>(Stream stream, ReadOnlySpan<TElement> values, ReadOnlySpan<int> shape, string descr)
        where TElement : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("NPY writing assumes a little-endian machine.");
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape {NdArray<double>.FormatShape(shape)} has a negative axis size.", nameof(shape));
            count *= d;
        }
        if (count != values.Length)
            throw new ArgumentException($"{values.Length} values do not match shape {NdArray<double>.FormatShape(shape)} ({count} elements).", nameof(values));
        NpyDescriptor.WriteHeader(stream, descr, shape);
        stream.Write(MemoryMarshal.AsBytes(values));
    }

    private static NpyDescriptor ReadDescriptor(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return NpyDescriptor.Read(stream, sourceName);
    }

    // The payload size is checked against what the stream holds (seekable) or declares (a zip entry) before reading;
    // an undeclared or untrusted length is read in chunks first, so only data that is really there gets allocated.
    private static IEnumerable<ArraySegment<byte>> ReadPayload(Stream stream, NpyDescriptor descriptor, string sourceName, long? declaredLength)
    {
        int bytes = descriptor.PayloadBytes(sourceName);
        long? available = stream.CanSeek ? stream.Length - stream.Position : declaredLength - descriptor.PayloadOffset;
        if (available < bytes)
            throw new DataFormatException(sourceName, descriptor.PayloadOffset,
                $"shape ({string.Join(", ", descriptor.Shape)}) needs {bytes:N0} data bytes but the {(stream.CanSeek ? "file" : "entry")} holds {Math.Max(0, available.Value):N0}");
        return BoundedInput.Payload(stream, bytes, lengthVerified: stream.CanSeek, BoundedInput.ChunkSize, sourceName, descriptor.PayloadOffset, "array data");
    }

    private static void Fill<TElement>(IEnumerable<ArraySegment<byte>> payload, NpyDescriptor descriptor, Span<TElement> destination)
        where TElement : unmanaged, INumberBase<TElement>
    {
        int element = 0;
        foreach (var piece in payload)
        {
            int count = piece.Count / descriptor.ElementSize;
            descriptor.ConvertTo(piece.AsSpan(), destination.Slice(element, count));
            element += count;
        }
    }

    private static FileStream OpenRead(string path) => BoundedInput.OpenFile(path, "NPY");
}
