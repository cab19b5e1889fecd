using System.Text.Json;
using NativeNet.Cli.Bench;
using NativeNet.Cli.Commands;
using NativeNet.Tests.Kernels;

namespace NativeNet.Tests.Cli;

/// <summary><c>nativenet bench infer</c>: the JSON contract, zero allocation per call and the options.</summary>
[Collection(nameof(KernelSettingsCollection))]
public sealed class BenchInferCommandTests
{
    [Fact]
    public void JsonOutputIsOneObjectWithARowPerBatchSizeAndNoAllocation()
    {
        var output = new StringWriter();
        InferBench.Run(new InferBenchOptions([1, 3], Threads: 2, Seconds: 0.2, Json: true), output);
        using var doc = JsonDocument.Parse(output.ToString());
        JsonElement root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("gemm_kernel").GetString()));
        JsonElement results = root.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        Assert.Equal(3, results[1].GetProperty("batch_size").GetInt32());
        foreach (JsonElement row in results.EnumerateArray())
        {
            Assert.True(row.GetProperty("microseconds_per_call").GetDouble() > 0);
            Assert.True(row.GetProperty("samples_per_second").GetDouble() > 0);
            Assert.Equal(0, row.GetProperty("allocated_bytes_per_call").GetInt64());
        }
    }

    [Fact]
    public void OptionsParseAndBadValuesAreUsageErrors()
    {
        InferBenchOptions? infer = null;
        var bench = BenchCommand.Create(null, null, s => { infer = s; return 0; });
        Assert.Equal(0, bench.Parse(["infer", "--batch-sizes", "1,8,64", "--threads", "2", "--seconds", "0.5", "--json"]).Invoke());
        Assert.Equal([1, 8, 64], infer!.BatchSizes);
        Assert.Equal((2, 0.5, true), (infer.Threads, infer.Seconds, infer.Json));
        Assert.Equal(0, bench.Parse(["infer"]).Invoke());
        Assert.Equal([1, 32], infer.BatchSizes);
        Assert.NotEmpty(bench.Parse(["infer", "--batch-sizes", "0"]).Errors);
        Assert.NotEmpty(bench.Parse(["infer", "--threads", "0"]).Errors);
    }
}
