namespace NativeNet.Fuzz;

/// <summary>
/// The file through which path-based readers see a fuzz input: one per process, in memory-backed /dev/shm where it
/// exists, rewritten for every input, with the extension the reader's callers would give it.
/// </summary>
internal static class FuzzInputFile
{
    private static readonly string Folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>Writes <paramref name="input"/> to this process's file of that extension and returns its path.</summary>
    public static string Write(byte[] input, string extension)
    {
        string path = Path.Combine(Folder, $"nativenet-fuzz-{Environment.ProcessId}{extension}");
        File.WriteAllBytes(path, input);
        return path;
    }
}
