using System.Diagnostics;
using System.Globalization;

namespace NativeNet.IO;

/// <summary>
/// Writes a file so that readers see either the previous complete file or the new complete file, never a torn one:
/// the data goes to a temporary file in the same directory, is flushed to disk, then renamed over the target.
/// </summary>
/// <remarks>
/// A process killed mid-write leaves its temporary file (<c>.NAME.PID.GUID.tmp</c>) behind; the next write into the
/// same directory removes those whose process is gone.
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically through <paramref name="write"/>.</summary>
    /// <param name="path">The destination file.</param>
    /// <param name="write">Writes the full content to the stream it is given.</param>
    /// <param name="beforeRename">Test seam: runs after the temporary file is durable and before the rename; throwing here simulates a crash.</param>
    public static void Write(string path, Action<Stream> write, Action? beforeRename = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        Directory.CreateDirectory(directory);
        RemoveOrphans(directory);
        // Same directory, so the final rename never crosses a file-system boundary and stays atomic.
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            beforeRename?.Invoke();
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    // Only names of the exact form this class writes are touched, and only when their writer no longer runs; a
    // reused pid keeps a file until that process ends too, which is safe.
    private static void RemoveOrphans(string directory)
    {
        foreach (var path in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            var parts = Path.GetFileName(path).Split('.');
            if (parts.Length < 5 || parts[^2].Length != 32 || !Guid.TryParseExact(parts[^2], "N", out _)
                || !int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || pid == Environment.ProcessId || IsRunning(pid))
                continue;
            TryDelete(path);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // Best effort: the original exception is what the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
