using System.IO.Compression;
using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.IO;

/// <summary>
/// Reads NPZ archives written by <c>np.savez</c>, <c>np.savez_compressed</c> or <see cref="NpzWriter"/>: each
/// <c>name.npy</c> entry becomes an array named <c>name</c>. Entries that are not <c>.npy</c> files are ignored.
/// </summary>
public static class NpzReader
{
    /// <summary>Every array of the archive, converted to <typeparamref name="T"/>, in archive order.</summary>
    /// <exception cref="DataFormatException">The file is not a zip archive or an entry is not a valid NPY array.</exception>
    public static IReadOnlyDictionary<string, NdArray<T>> ReadAll<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var zip = OpenArchive(path);
        var result = new Dictionary<string, NdArray<T>>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
            using var stream = entry.Open();
            result[entry.FullName[..^4]] = Npy.Read<T>(stream, $"{path}:{entry.FullName}");
        }
        return result;
    }

    /// <summary>One array of the archive, converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="DataFormatException">The archive has no such array, or it is malformed.</exception>
    public static NdArray<T> Read<T>(string path, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var zip = OpenArchive(path);
        var entry = zip.GetEntry(name + ".npy")
            ?? throw new DataFormatException(path, 0, $"no array named '{name}'; the archive holds: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var stream = entry.Open();
        return Npy.Read<T>(stream, $"{path}:{entry.FullName}");
    }

    private static ZipArchive OpenArchive(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"NPZ file not found: {path}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new DataFormatException(path, 0, "not an NPZ (zip) archive", e);
        }
    }
}
