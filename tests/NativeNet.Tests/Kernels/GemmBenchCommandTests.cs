using System.Text.Json;
using NativeNet.Cli;
using NativeNet.Cli.Bench;

namespace NativeNet.Tests.Kernels;

[Collection(nameof(KernelSettingsCollection))]
public sealed class GemmBenchCommandTests
{
    [Fact]
    public void JsonOutputIsOneArrayWithTheDocumentedFields()
    {
        var output = new StringWriter();
        GemmBench.Run(new GemmBenchOptions(GemmBenchOptions.ParseShapes("8,3x5x7"), 1, Json: true, Double: false, false, false), output);
        using var doc = JsonDocument.Parse(output.ToString());
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        JsonElement second = doc.RootElement[1];
        Assert.Equal(3, second.GetProperty("m").GetInt32());
        Assert.Equal(5, second.GetProperty("k").GetInt32());
        Assert.Equal(7, second.GetProperty("n").GetInt32());
        Assert.Equal(1, second.GetProperty("threads").GetInt32());
        Assert.True(second.GetProperty("gflops").GetDouble() > 0);
        Assert.True(second.GetProperty("cpu_gflops").GetDouble() > 0);
    }

    [Theory]
    [InlineData("bench", "gemm", "--sizes", "5y")]
    [InlineData("bench", "gemm", "--threads", "0")]
    [InlineData("bench", "gemm", "--threads")]
    [InlineData("bench", "gemm", "--bogus")]
    [InlineData("frobnicate")]
    public void BadArgumentsPrintOneLineAndExitWithTwo(params string[] args)
    {
        TextWriter previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            Assert.Equal(2, Program.Main(args));
        }
        finally
        {
            Console.SetError(previous);
        }
        // One error line, then the pointer to --help; never a stack trace.
        string[] lines = error.ToString().TrimEnd().Split('\n');
        Assert.StartsWith("error: ", lines[0]);
        Assert.True(lines.Length <= 2, error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
    }
}
