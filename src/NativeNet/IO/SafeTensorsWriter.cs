using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using NativeNet.Tensors;

namespace NativeNet.IO;

/// <summary>
/// Builds a safetensors file that numpy, PyTorch and the <c>safetensors</c> package read directly.
/// </summary>
/// <remarks>
/// As in the reference implementation, tensors are laid out by decreasing element size, then by name, so every
/// tensor is aligned to its element size; the JSON header is padded with spaces to a multiple of 8 bytes.
/// <see cref="Save"/> is atomic: the previous file survives a crash at any point of the write.
/// </remarks>
public sealed class SafeTensorsWriter
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata, written under <c>__metadata__</c>.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The number of tensors added.</summary>
    public int Count => _entries.Count;

    /// <summary>Test seam: runs after the temporary file is on disk and before it replaces the target.</summary>
    internal Action? BeforeCommitForTesting { get; set; }

    /// <summary>Adds a copy of <paramref name="tensor"/> as F32 (float) or F64 (double).</summary>
    public void Add<T>(string name, NdArray<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        AddCore(name, typeof(T) == typeof(float) ? SafeTensorsDType.F32 : SafeTensorsDType.F64, MemoryMarshal.AsBytes(tensor.Span), tensor.Shape);
    }

    /// <summary>Adds float32 values of the given shape.</summary>
    public void AddFloat32(string name, ReadOnlySpan<float> values, params int[] shape) => AddTyped(name, SafeTensorsDType.F32, values, shape);

    /// <summary>Adds float64 values of the given shape.</summary>
    public void AddFloat64(string name, ReadOnlySpan<double> values, params int[] shape) => AddTyped(name, SafeTensorsDType.F64, values, shape);

    /// <summary>Adds int64 values of the given shape (e.g. a step counter).</summary>
    public void AddInt64(string name, ReadOnlySpan<long> values, params int[] shape) => AddTyped(name, SafeTensorsDType.I64, values, shape);

    /// <summary>Adds uint64 values of the given shape (e.g. a random generator's state).</summary>
    public void AddUInt64(string name, ReadOnlySpan<ulong> values, params int[] shape) => AddTyped(name, SafeTensorsDType.U64, values, shape);

    /// <summary>Adds int32 values of the given shape.</summary>
    public void AddInt32(string name, ReadOnlySpan<int> values, params int[] shape) => AddTyped(name, SafeTensorsDType.I32, values, shape);

    /// <summary>Adds uint8 values of the given shape.</summary>
    public void AddUInt8(string name, ReadOnlySpan<byte> values, params int[] shape) => AddTyped(name, SafeTensorsDType.U8, values, shape);

    /// <summary>Writes the file atomically: temporary file in the same directory, flush to disk, rename over <paramref name="path"/>.</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo, BeforeCommitForTesting);

    /// <summary>Writes the file content to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ordered = _entries.Values.ToList();
        ordered.Sort((a, b) =>
        {
            int bySize = SafeTensorsDTypeInfo.Size(b.DType).CompareTo(SafeTensorsDTypeInfo.Size(a.DType));
            return bySize != 0 ? bySize : string.CompareOrdinal(a.Name, b.Name);
        });
        byte[] header = BuildHeader(ordered);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var entry in ordered) stream.Write(entry.Data);
    }

    private byte[] BuildHeader(List<Entry> ordered)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (Metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in Metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var entry in ordered)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", SafeTensorsDTypeInfo.HeaderName(entry.DType));
                json.WriteStartArray("shape");
                foreach (int d in entry.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.Data.Length;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data buffer starts 8-byte aligned (8 + header length is a multiple of 8).
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private void AddTyped<TElement>(string name, SafeTensorsDType dtype, ReadOnlySpan<TElement> values, int[] shape) where TElement : unmanaged
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor '{name}': shape {NdArray<float>.FormatShape(shape)} has a negative axis size.", nameof(shape));
            count *= d;
        }
        if (count != values.Length)
            throw new ArgumentException($"Tensor '{name}': {values.Length} values do not match shape {NdArray<float>.FormatShape(shape)} ({count} elements).", nameof(values));
        AddCore(name, dtype, MemoryMarshal.AsBytes(values), shape);
    }

    private void AddCore(string name, SafeTensorsDType dtype, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved for the metadata block and cannot name a tensor.", nameof(name));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing assumes a little-endian machine.");
        if (!_entries.TryAdd(name, new Entry(name, dtype, shape.ToArray(), data.ToArray())))
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
    }

    private sealed record Entry(string Name, SafeTensorsDType DType, int[] Shape, byte[] Data);
}
