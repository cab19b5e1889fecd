using System.Text.Json;
using NativeNet.Cli;
using NativeNet.Cli.Bench;

namespace NativeNet.Tests.Kernels;

[Collection(nameof(KernelSettingsCollection))]
public sealed class GemmBenchCommandTests
{
    [Fact]
    public void JsonOutputIsOneObjectWithTheDocumentedFields()
    {
        var output = new StringWriter();
        GemmBench.Run(new GemmBenchOptions(GemmBenchOptions.ParseShapes("8,3x5x7"), 1, Json: true, Double: false, false, false), output);
        using var doc = JsonDocument.Parse(output.ToString());
        JsonElement root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.Equal("float", root.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("gemm_kernel").GetString()));
        Assert.True(root.GetProperty("vector_bits").GetInt32() >= 0);
        JsonElement results = root.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        JsonElement second = results[1];
        Assert.Equal(3, second.GetProperty("m").GetInt32());
        Assert.Equal(5, second.GetProperty("k").GetInt32());
        Assert.Equal(7, second.GetProperty("n").GetInt32());
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
