using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using NativeNet.Tensors;

namespace NativeNet.IO;

/// <summary>
/// A parsed safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian header length,
/// a JSON header mapping each tensor name to its dtype, shape and data offsets (plus optional string metadata under
/// <c>__metadata__</c>), then the raw little-endian tensor data.
/// </summary>
/// <remarks>
/// Loading only parses JSON and copies bytes; it executes nothing. Every claim in the header is checked before any
/// allocation it implies: the header length against the file length and a 100 MB cap, each tensor's offsets against
/// the data buffer, shape × dtype size against the byte range, and the ranges must tile the buffer without holes or
/// overlaps. Typed accessors check the dtype and the expected shape and name the tensor when they disagree.
/// </remarks>
public sealed class SafeTensorsFile
{
    /// <summary>The largest header accepted, as in the reference implementation.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private readonly byte[] _bytes;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorInfo> _byName;

    private SafeTensorsFile(string sourceName, byte[] bytes, long dataStart, List<SafeTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        SourceName = sourceName;
        _bytes = bytes;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
        foreach (var t in tensors) _byName.Add(t.Name, t);
    }

    /// <summary>The file path (or description) used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The tensors in data order.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>The free-form string metadata (<c>__metadata__</c>); empty when absent.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Loads and validates a safetensors file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is malformed, empty or not a regular file; the message names the file and byte offset.
    /// </exception>
    public static SafeTensorsFile Load(string path)
    {
        using var stream = BoundedInput.OpenFile(path, "Safetensors");
        long length = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        BoundedInput.ReadHeader(stream, prefix, path, 0, "safetensors header length");
        ValidateHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(prefix), length, path);
        if (length > Array.MaxLength)
            throw new DataFormatException(path, 0, $"the file is {length:N0} bytes, larger than this reader can hold in one array");
        var bytes = new byte[length];
        stream.Position = 0;
        BoundedInput.ReadHeader(stream, bytes, path, 0, "safetensors file");
        return Parse(bytes, path);
    }

    /// <summary>Parses and validates safetensors content held in memory.</summary>
    /// <param name="bytes">The whole file content; kept (not copied) by the returned object.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <exception cref="DataFormatException">The content is malformed.</exception>
    public static SafeTensorsFile Parse(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.Length < 8)
            throw new DataFormatException(sourceName, bytes.Length, $"the file is {bytes.Length} bytes, too short for the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        ValidateHeaderLength(headerLength, bytes.Length, sourceName);
        int n = (int)headerLength;
        var header = new ReadOnlyMemory<byte>(bytes, 8, n);
        if (n == 0 || bytes[8] != (byte)'{')
            throw new DataFormatException(sourceName, 8, "the JSON header must start with '{'");
        // JsonDocument defers UTF-8 validation of strings to the first read of a name or value, and then throws an
        // exception that names no file.
        if (!Utf8.IsValid(header.Span))
            throw new DataFormatException(sourceName, 8 + FirstInvalidUtf8(header.Span), "the JSON header is not valid UTF-8");
        long dataStart = 8 + n;
        long bufferLength = bytes.Length - dataStart;
        var tensors = new List<SafeTensorInfo>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new DataFormatException(sourceName, 8 + (e.BytePositionInLine ?? 0), $"the header is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(sourceName, 8, "the JSON header must be an object");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                        throw new DataFormatException(sourceName, 8, $"duplicate key '{property.Name}' in the header");
                    if (property.Name == "__metadata__") ReadMetadata(property.Value, metadata, sourceName);
                    else tensors.Add(ReadEntry(property, bufferLength, sourceName));
                }
            }
            catch (InvalidOperationException e)
            {
                // A \u escape of an unpaired surrogate is valid JSON but not a decodable string.
                throw new DataFormatException(sourceName, 8, $"the header holds a string that cannot be decoded: {e.Message}", e);
            }
        }
        ValidateCoverage(tensors, bufferLength, dataStart, sourceName);
        return new SafeTensorsFile(sourceName, bytes, dataStart, tensors, metadata);
    }

    /// <summary>Whether a tensor of this name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The header entry of a tensor.</summary>
    /// <exception cref="DataFormatException">No tensor has this name; the message lists the names present.</exception>
    public SafeTensorInfo GetInfo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var info)) return info;
        string present = _byName.Count == 0 ? "none" : string.Join(", ", _byName.Keys.Take(20)) + (_byName.Count > 20 ? ", ..." : "");
        throw new DataFormatException(SourceName, 8, $"no tensor named '{name}'; the file holds: {present}");
    }

    /// <summary>A float32 tensor, checking the dtype and (when given) the shape.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="expectedShape">The required shape, or null to accept any.</param>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or wrong shape.</exception>
    public NdArray<float> GetFloat32(string name, int[]? expectedShape = null) => GetArray<float>(name, expectedShape);

    /// <summary>A float64 tensor, checking the dtype and (when given) the shape.</summary>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or wrong shape.</exception>
    public NdArray<double> GetFloat64(string name, int[]? expectedShape = null) => GetArray<double>(name, expectedShape);

    /// <summary>A floating-point tensor whose dtype matches <typeparamref name="T"/> (F32 for float, F64 for double).</summary>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or wrong shape.</exception>
    public NdArray<T> GetArray<T>(string name, int[]? expectedShape = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var info = Check(name, FloatDType<T>(), expectedShape);
        var result = new NdArray<T>(info.Shape);
        Bytes(info).CopyTo(MemoryMarshal.AsBytes(result.Span));
        return result;
    }

    /// <summary>
    /// A float32 or float64 tensor as <typeparamref name="T"/>, converting when the stored dtype differs (a float32
    /// file read into a double model, or PyTorch's float32 weights into either).
    /// </summary>
    /// <exception cref="DataFormatException">Missing name, a dtype other than F32/F64, or wrong shape.</exception>
    public NdArray<T> GetConverted<T>(string name, int[]? expectedShape = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dtype = GetInfo(name).DType;
        if (dtype == FloatDType<T>()) return GetArray<T>(name, expectedShape);
        if (dtype == SafeTensorsDType.F32) return Convert<float, T>(GetArray<float>(name, expectedShape));
        if (dtype == SafeTensorsDType.F64) return Convert<double, T>(GetArray<double>(name, expectedShape));
        return GetArray<T>(name, expectedShape);

        static NdArray<TOut> Convert<TIn, TOut>(NdArray<TIn> source)
            where TIn : unmanaged, IFloatingPointIeee754<TIn> where TOut : unmanaged, IFloatingPointIeee754<TOut>
        {
            var result = new NdArray<TOut>(source.Shape.ToArray());
            TensorPrimitives.ConvertChecked<TIn, TOut>(source.Span, result.Span);
            return result;
        }
    }

    /// <summary>
    /// Copies a tensor into an existing array (e.g. a layer parameter), which fixes both the required dtype
    /// (<typeparamref name="T"/>) and the required shape.
    /// </summary>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or a shape different from <paramref name="destination"/>'s.</exception>
    public void CopyTo<T>(string name, NdArray<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(destination);
        var info = Check(name, FloatDType<T>(), destination.Shape.ToArray());
        Bytes(info).CopyTo(MemoryMarshal.AsBytes(destination.Span));
    }

    /// <summary>An int64 tensor as a flat array.</summary>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or wrong shape.</exception>
    public long[] GetInt64(string name, int[]? expectedShape = null) => GetFlat<long>(name, SafeTensorsDType.I64, expectedShape);

    /// <summary>A uint64 tensor as a flat array.</summary>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or wrong shape.</exception>
    public ulong[] GetUInt64(string name, int[]? expectedShape = null) => GetFlat<ulong>(name, SafeTensorsDType.U64, expectedShape);

    /// <summary>An int32 tensor as a flat array.</summary>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or wrong shape.</exception>
    public int[] GetInt32(string name, int[]? expectedShape = null) => GetFlat<int>(name, SafeTensorsDType.I32, expectedShape);

    /// <summary>A uint8 tensor as a flat array.</summary>
    /// <exception cref="DataFormatException">Missing name, wrong dtype or wrong shape.</exception>
    public byte[] GetUInt8(string name, int[]? expectedShape = null) => GetFlat<byte>(name, SafeTensorsDType.U8, expectedShape);

    /// <summary>The raw little-endian bytes of any tensor, whatever its dtype.</summary>
    /// <exception cref="DataFormatException">No tensor has this name.</exception>
    public ReadOnlyMemory<byte> GetRawBytes(string name)
    {
        var info = GetInfo(name);
        return new ReadOnlyMemory<byte>(_bytes, (int)(_dataStart + info.DataBegin), (int)(info.DataEnd - info.DataBegin));
    }

    private TElement[] GetFlat<TElement>(string name, SafeTensorsDType dtype, int[]? expectedShape) where TElement : unmanaged
    {
        var info = Check(name, dtype, expectedShape);
        var result = new TElement[info.ElementCount];
        Bytes(info).CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    private ReadOnlySpan<byte> Bytes(SafeTensorInfo info) =>
        _bytes.AsSpan((int)(_dataStart + info.DataBegin), (int)(info.DataEnd - info.DataBegin));

    private SafeTensorInfo Check(string name, SafeTensorsDType dtype, int[]? expectedShape)
    {
        var info = GetInfo(name);
        if (info.DType != dtype)
            throw new DataFormatException(SourceName, _dataStart + info.DataBegin,
                $"tensor '{name}' has dtype {SafeTensorsDTypeInfo.HeaderName(info.DType)}, expected {SafeTensorsDTypeInfo.HeaderName(dtype)}");
        if (expectedShape is not null && !expectedShape.AsSpan().SequenceEqual(info.Shape))
            throw new DataFormatException(SourceName, _dataStart + info.DataBegin,
                $"tensor '{name}' has shape {info.ShapeString}, expected {NdArray<float>.FormatShape(expectedShape)}");
        return info;
    }

    private static SafeTensorsDType FloatDType<T>() => typeof(T) == typeof(float) ? SafeTensorsDType.F32 : SafeTensorsDType.F64;

    private static void ValidateHeaderLength(ulong headerLength, long fileLength, string sourceName)
    {
        if (headerLength > MaxHeaderLength)
            throw new DataFormatException(sourceName, 0, $"the header length {headerLength:N0} exceeds the {MaxHeaderLength:N0}-byte limit");
        if ((long)headerLength > fileLength - 8)
            throw new DataFormatException(sourceName, 0, $"the header length {headerLength:N0} exceeds the {fileLength - 8:N0} bytes that follow it");
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        int position = 0;
        while (position < text.Length && Rune.DecodeFromUtf8(text[position..], out _, out int consumed) == OperationStatus.Done)
            position += consumed;
        return position;
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string sourceName)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new DataFormatException(sourceName, 8, "__metadata__ must be an object of strings");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw new DataFormatException(sourceName, 8, $"__metadata__ value '{entry.Name}' is not a string");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw new DataFormatException(sourceName, 8, $"duplicate __metadata__ key '{entry.Name}'");
        }
    }

    private static SafeTensorInfo ReadEntry(JsonProperty property, long bufferLength, string sourceName)
    {
        string name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
            throw new DataFormatException(sourceName, 8, $"tensor '{name}': the entry must be an object");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !SafeTensorsDTypeInfo.TryParse(dtypeElement.GetString(), out var dtype))
            throw new DataFormatException(sourceName, 8, $"tensor '{name}': missing or unknown dtype");
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new DataFormatException(sourceName, 8, $"tensor '{name}': missing shape array");
        var shape = new int[shapeElement.GetArrayLength()];
        int axis = 0;
        Int128 elements = 1;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int size) || size < 0)
                throw new DataFormatException(sourceName, 8, $"tensor '{name}': shape entries must be non-negative 32-bit integers");
            shape[axis++] = size;
            elements *= size;
            // Capping the running product keeps Int128 from overflowing on absurd shapes; anything this large fails below anyway.
            if (elements > long.MaxValue) elements = long.MaxValue;
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetUInt64(out ulong begin) || !offsets[1].TryGetUInt64(out ulong end))
            throw new DataFormatException(sourceName, 8, $"tensor '{name}': data_offsets must be two non-negative integers");
        if (begin > end || end > (ulong)bufferLength)
            throw new DataFormatException(sourceName, 8,
                $"tensor '{name}': data_offsets [{begin}, {end}] are outside the {bufferLength:N0}-byte data buffer");
        Int128 expectedBytes = elements * SafeTensorsDTypeInfo.Size(dtype);
        if (expectedBytes != end - begin)
            throw new DataFormatException(sourceName, 8,
                $"tensor '{name}': shape {NdArray<float>.FormatShape(shape)} of {SafeTensorsDTypeInfo.HeaderName(dtype)} needs {expectedBytes} bytes but data_offsets [{begin}, {end}] span {end - begin}");
        // Only a shape with a zero axis can pass the byte check above and still be too large to allocate.
        if (!ShapeByteCount.FitsOneArray(shape))
            throw new DataFormatException(sourceName, 8, $"tensor '{name}': shape {NdArray<float>.FormatShape(shape)} has more elements than one array can hold");
        return new SafeTensorInfo(name, dtype, shape, (long)begin, (long)end);
    }

    private static void ValidateCoverage(List<SafeTensorInfo> tensors, long bufferLength, long dataStart, string sourceName)
    {
        tensors.Sort((a, b) => a.DataBegin != b.DataBegin ? a.DataBegin.CompareTo(b.DataBegin) : a.DataEnd.CompareTo(b.DataEnd));
        long expected = 0;
        string previous = "the start of the data";
        foreach (var t in tensors)
        {
            if (t.DataBegin < expected)
                throw new DataFormatException(sourceName, dataStart + t.DataBegin, $"tensor '{t.Name}' overlaps {previous}");
            if (t.DataBegin > expected)
                throw new DataFormatException(sourceName, dataStart + expected, $"a hole of {t.DataBegin - expected} bytes precedes tensor '{t.Name}'; the data buffer must be fully indexed");
            expected = t.DataEnd;
            previous = $"tensor '{t.Name}'";
        }
        if (expected != bufferLength)
            throw new DataFormatException(sourceName, dataStart + expected, $"{bufferLength - expected} bytes after the last tensor are not indexed by the header");
    }
}
