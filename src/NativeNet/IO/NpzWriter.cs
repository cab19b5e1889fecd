using System.IO.Compression;
using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.IO;

/// <summary>
/// Builds an NPZ archive — a zip of <c>.npy</c> files, one per named array — that <c>numpy.load</c> opens as a
/// dictionary-like object (<c>np.load(path)["loss"]</c>).
/// </summary>
/// <remarks>
/// Entries are stored uncompressed like <c>np.savez</c>, or deflated like <c>np.savez_compressed</c> when
/// <see cref="Compressed"/> is set. Entry timestamps are fixed, so the same arrays give byte-identical files.
/// </remarks>
public sealed class NpzWriter
{
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<(string Name, byte[] Npy)> _entries = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Whether entries are deflate-compressed (as <c>np.savez_compressed</c>).</summary>
    public bool Compressed { get; init; }

    /// <summary>The number of arrays added.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a copy of <paramref name="array"/> (float32 or float64).</summary>
    public void Add<T>(string name, NdArray<T> array) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        AddEntry(name, stream => Npy.Write(stream, array));
    }

    /// <summary>Adds float64 values of the given shape.</summary>
    public void Add(string name, ReadOnlySpan<double> values, params int[] shape)
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, values, shape);
        AddEntry(name, stream.ToArray());
    }

    /// <summary>Adds int32 values of the given shape.</summary>
    public void Add(string name, ReadOnlySpan<int> values, params int[] shape)
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, values, shape);
        AddEntry(name, stream.ToArray());
    }

    /// <summary>Writes the archive atomically to <paramref name="path"/>.</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the archive to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, npy) in _entries)
        {
            var entry = zip.CreateEntry(name + ".npy", Compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = FixedTimestamp;
            using var entryStream = entry.Open();
            entryStream.Write(npy);
        }
    }

    private void AddEntry(string name, Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        AddEntry(name, stream.ToArray());
    }

    private void AddEntry(string name, byte[] npy)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_names.Add(name)) throw new ArgumentException($"An array named '{name}' was already added.", nameof(name));
        _entries.Add((name, npy));
    }
}
