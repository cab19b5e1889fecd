namespace NativeNet.Cli.Runners;

/// <summary>
/// Exclusive use of an output directory for one run: a lock file held open without sharing, so a second run into
/// the same directory fails instead of overwriting the first one's checkpoint.
/// </summary>
/// <remarks>
/// On Linux and macOS .NET turns <see cref="FileShare.None"/> into an advisory <c>flock</c>, which other processes
/// honour as well; the operating system drops it when the process ends, however it ends. The file itself stays.
/// </remarks>
internal sealed class OutputFolderLock : IDisposable
{
    public const string FileName = ".nativenet.lock";

    // Windows reports a held file as ERROR_SHARING_VIOLATION; on Unix the HResult is flock's errno, EWOULDBLOCK.
    private const int SharingViolation = 32;
    private static readonly int WouldBlock = OperatingSystem.IsLinux() ? 11 : 35;

    private readonly FileStream _stream;

    private OutputFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Creates <paramref name="directory"/> if needed and locks it.</summary>
    /// <exception cref="IOException">Another run holds the lock; the message names the directory.</exception>
    public static OutputFolderLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        try
        {
            return new OutputFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == SharingViolation : e.HResult == WouldBlock)
        {
            throw new IOException($"another run is writing to {directory} (it holds {FileName}); wait for it to finish or pass another --out", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
