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
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is not a zip archive, its directory or an entry's compressed data is corrupt, or an entry is not a
    /// valid NPY array of at most the size the archive declares for it.
    /// </exception>
    public static IReadOnlyDictionary<string, NdArray<T>> ReadAll<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var zip = OpenArchive(path);
        var result = new Dictionary<string, NdArray<T>>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
            result[entry.FullName[..^4]] = ReadEntry<T>(entry, path);
        }
        return result;
    }

    /// <summary>One array of the archive, converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The archive has no such array, or it is malformed or corrupt.</exception>
    public static NdArray<T> Read<T>(string path, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var zip = OpenArchive(path);
        var entry = zip.GetEntry(name + ".npy")
            ?? throw new DataFormatException(path, 0, $"no array named '{name}'; the archive holds: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        return ReadEntry<T>(entry, path);
    }

    private static NdArray<T> ReadEntry<T>(ZipArchiveEntry entry, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string sourceName = $"{path}:{entry.FullName}";
        Stream data;
        try
        {
            data = entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(sourceName, 0, $"cannot open the zip entry: {e.Message}", e);
        }
        // The entry's declared size bounds the NPY header's claim; the decompressed bytes themselves bound the rest.
        using var stream = BoundedInput.Decompressed(data, sourceName, "zip entry");
        return Npy.Read<T>(stream, sourceName, entry.Length);
    }

    private static ZipArchive OpenArchive(string path)
    {
        var file = BoundedInput.OpenFile(path, "NPZ");
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
            // The central directory may be read lazily; reading it here keeps its errors in one place.
            _ = zip.Entries;
            return zip;
        }
        catch (InvalidDataException e)
        {
            zip?.Dispose();
            file.Dispose();
            throw new DataFormatException(path, 0, $"not an NPZ (zip) archive, or its central directory is corrupt: {e.Message}", e);
        }
    }
}
