using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Tests.IO;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static SafeTensorsWriter SampleWriter()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("fc1.weight", NdArray<float>.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3));
        writer.Add("fc1.bias", NdArray<double>.FromArray([0.5, -0.5], 2));
        writer.AddInt64("step", [12345L], []);
        writer.AddUInt64("rng", [1UL, ulong.MaxValue, 3UL], 3);
        writer.AddInt32("labels", [7, -8], 2);
        writer.AddUInt8("mask", [1, 0, 1], 3);
        writer.Metadata["format"] = "nativenet";
        writer.Metadata["epoch"] = "3";
        return writer;
    }

    [Fact]
    public void RoundTripsEveryDtypeAndMetadata()
    {
        string path = _dir.File("model.safetensors");
        SampleWriter().Save(path);
        var file = SafeTensorsFile.Load(path);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], file.GetFloat32("fc1.weight", [2, 3]).ToArray());
        Assert.Equal([0.5, -0.5], file.GetFloat64("fc1.bias", [2]).ToArray());
        Assert.Equal([12345L], file.GetInt64("step", []));
        Assert.Equal([1UL, ulong.MaxValue, 3UL], file.GetUInt64("rng"));
        Assert.Equal([7, -8], file.GetInt32("labels", [2]));
        Assert.Equal([1, 0, 1], file.GetUInt8("mask", [3]));
        Assert.Equal("nativenet", file.Metadata["format"]);
        Assert.Equal("3", file.Metadata["epoch"]);
        Assert.Equal(6, file.Tensors.Count);
        var destination = NdArray<float>.Zeros(2, 3);
        file.CopyTo("fc1.weight", destination);
        Assert.Equal(6f, destination[1, 2]);
    }

    [Fact]
    public void ByteLayoutFollowsTheSpecification()
    {
        string path = _dir.File("layout.safetensors");
        SampleWriter().Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8);
        Assert.Equal((byte)'{', bytes[8]);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.All(header[(header.LastIndexOf('}') + 1)..].ToCharArray(), c => Assert.Equal(' ', c));
        using var json = JsonDocument.Parse(header);
        var root = json.RootElement;
        Assert.Equal("nativenet", root.GetProperty("__metadata__").GetProperty("format").GetString());
        var weight = root.GetProperty("fc1.weight");
        Assert.Equal("F32", weight.GetProperty("dtype").GetString());
        Assert.Equal([2, 3], weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        // Order: larger dtypes first (8-byte: F64, I64, U64 by name), then 4-byte, then 1-byte; contiguous offsets.
        var entries = root.EnumerateObject().Where(p => p.Name != "__metadata__")
            .Select(p => (p.Name, Begin: p.Value.GetProperty("data_offsets")[0].GetInt64(), End: p.Value.GetProperty("data_offsets")[1].GetInt64()))
            .OrderBy(e => e.Begin).ToList();
        Assert.Equal(["fc1.bias", "rng", "step", "fc1.weight", "labels", "mask"], entries.Select(e => e.Name));
        long expected = 0;
        foreach (var e in entries)
        {
            Assert.Equal(expected, e.Begin);
            expected = e.End;
        }
        Assert.Equal(bytes.Length - 8 - (long)n, expected);
        long dataStart = 8 + (long)n;
        var w = entries.Single(e => e.Name == "fc1.weight");
        Assert.Equal(24, w.End - w.Begin);
        for (int i = 0; i < 6; i++) Assert.Equal(i + 1f, BitConverter.ToSingle(bytes, (int)(dataStart + w.Begin + 4 * i)));
        var bias = entries.Single(e => e.Name == "fc1.bias");
        Assert.Equal(-0.5, BitConverter.ToDouble(bytes, (int)(dataStart + bias.Begin + 8)));
    }

    [Fact]
    public void CrashBeforeRenameLeavesThePreviousFileIntact()
    {
        string path = _dir.File("ckpt.safetensors");
        var first = new SafeTensorsWriter();
        first.Add("w", NdArray<float>.Full(1f, 4));
        first.Save(path);
        var second = new SafeTensorsWriter();
        second.Add("w", NdArray<float>.Full(2f, 4));
        second.BeforeCommitForTesting = () => throw new IOException("simulated crash");
        Assert.Throws<IOException>(() => second.Save(path));
        Assert.Equal([1f, 1f, 1f, 1f], SafeTensorsFile.Load(path).GetFloat32("w", [4]).ToArray());
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
        second.BeforeCommitForTesting = null;
        second.Save(path);
        Assert.Equal(2f, SafeTensorsFile.Load(path).GetFloat32("w")[0]);
    }

    [Fact]
    public void TypedAccessNamesTheTensorOnWrongDtypeShapeOrName()
    {
        string path = _dir.File("typed.safetensors");
        SampleWriter().Save(path);
        var file = SafeTensorsFile.Load(path);
        var dtype = Assert.Throws<DataFormatException>(() => file.GetFloat64("fc1.weight"));
        Assert.Contains("'fc1.weight' has dtype F32, expected F64", dtype.Message);
        var shape = Assert.Throws<DataFormatException>(() => file.GetFloat32("fc1.weight", [3, 2]));
        Assert.Contains("shape (2, 3), expected (3, 2)", shape.Message);
        var missing = Assert.Throws<DataFormatException>(() => file.GetFloat32("fc2.weight"));
        Assert.Contains("no tensor named 'fc2.weight'", missing.Message);
        Assert.Contains("fc1.weight", missing.Message);
        Assert.Throws<DataFormatException>(() => file.CopyTo("fc1.weight", NdArray<float>.Zeros(6)));
        Assert.Throws<DataFormatException>(() => file.GetInt32("step"));
        Assert.Contains(path, shape.Message);
    }

    [Fact]
    public void HeaderLongerThanTheFileIsRejected()
    {
        byte[] bytes = Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", [9]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
        var ex = Assert.Throws<DataFormatException>(() => SafeTensorsFile.Parse(bytes, "long.safetensors"));
        Assert.Contains("exceeds", ex.Message);
        Assert.Equal(0, ex.ByteOffset);
    }

    [Fact]
    public void HeaderClaimingTeraBytesFailsBeforeAllocating()
    {
        string path = _dir.File("huge.safetensors");
        byte[] bytes = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000_000_000UL);
        File.WriteAllBytes(path, bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<DataFormatException>(() => SafeTensorsFile.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("limit", ex.Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 50_000_000UL);
        File.WriteAllBytes(path, bytes);
        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<DataFormatException>(() => SafeTensorsFile.Load(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlaps")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16, "hole")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8, "outside")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12, "not indexed")]
    [InlineData("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "dtype")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "non-negative")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "outside")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "duplicate")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000,1000000,1000000],\"data_offsets\":[0,8]}}", 8, "needs")]
    [InlineData(" {}", 0, "must start with '{'")]
    [InlineData("{\"a\":", 0, "not valid JSON")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", 0, "not a string")]
    public void MalformedHeadersAreRejected(string header, int dataLength, string expected)
    {
        var ex = Assert.Throws<DataFormatException>(() => SafeTensorsFile.Parse(Build(header, new byte[dataLength]), "bad.safetensors"));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("bad.safetensors", ex.Message);
    }

    [Fact]
    public void TooShortFileIsRejected()
    {
        Assert.Throws<DataFormatException>(() => SafeTensorsFile.Parse([1, 2, 3], "tiny"));
    }

    [Fact]
    public void ReadsFilesWrittenByTheReferenceLayout()
    {
        // Hand-built like the Python package writes it: no metadata, header padded with spaces to 8 bytes.
        byte[] data = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2.5f)];
        var file = SafeTensorsFile.Parse(Build("{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", data), "ref");
        Assert.Equal([1.5f, -2.5f], file.GetFloat32("x", [1, 2]).ToArray());
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void WriterRejectsDuplicateAndReservedNames()
    {
        var writer = new SafeTensorsWriter();
        writer.AddFloat32("a", [1f], 1);
        Assert.Throws<ArgumentException>(() => writer.AddFloat32("a", [1f], 1));
        Assert.Throws<ArgumentException>(() => writer.AddFloat32("__metadata__", [1f], 1));
        Assert.Throws<ArgumentException>(() => writer.AddFloat32("b", [1f, 2f], 3));
    }

    private static byte[] Build(string header, byte[] data)
    {
        var h = Encoding.UTF8.GetBytes(header);
        int padded = (h.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        h.CopyTo(bytes, 8);
        for (int i = 8 + h.Length; i < 8 + padded; i++) bytes[i] = (byte)' ';
        data.CopyTo(bytes, 8 + padded);
        return bytes;
    }
}
