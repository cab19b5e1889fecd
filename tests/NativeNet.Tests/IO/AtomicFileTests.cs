using NativeNet.IO;

namespace NativeNet.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    // Above Linux's pid_max (at most 2^22) and Windows' range in practice, so no process has it.
    private const int DeadPid = 2_000_000_000;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WriteRemovesTemporariesOfDeadProcessesAndKeepsLiveOnes()
    {
        string target = _dir.File("checkpoint.safetensors");
        string stale = _dir.File($".checkpoint.safetensors.{DeadPid}.{Guid.NewGuid():N}.tmp");
        string live = _dir.File($".checkpoint.safetensors.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string otherFile = _dir.File($".history.csv.{DeadPid}.{Guid.NewGuid():N}.tmp");
        string unrelated = _dir.File(".checkpoint.safetensors.notes.tmp");
        foreach (var path in new[] { stale, live, otherFile, unrelated }) File.WriteAllText(path, "partial");

        AtomicFile.Write(target, stream => stream.WriteByte(1));

        Assert.True(File.Exists(target));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.False(File.Exists(otherFile));
        Assert.True(File.Exists(unrelated));
    }
}
