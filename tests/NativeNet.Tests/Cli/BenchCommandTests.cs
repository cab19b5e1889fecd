using System.Text.Json;

namespace NativeNet.Tests.Cli;

public class BenchCommandTests
{
    [Fact]
    public void GemmBenchPrintsJsonForEachShape()
    {
        var run = CliInvocation.Run("bench", "gemm", "--sizes", "16,8x4x12", "--threads", "1", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.Equal(2, json.RootElement.GetProperty("results").GetArrayLength());
        Assert.DoesNotContain('\u001b', run.Out);
    }
}
