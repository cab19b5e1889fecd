using System.Text.Json;
using NativeNet.Cli.Bench;
using NativeNet.Cli.Commands;
using NativeNet.Kernels;
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
        // 784-256-128-10: the weight matrices and biases, in floats.
        const long weights = 784 * 256 + 256 * 128 + 128 * 10, biases = 256 + 128 + 10;
        Assert.Equal(4 * (weights + biases), root.GetProperty("weight_bytes").GetInt64());
        bool peaks = Gemm.KernelBits > 0;
        Assert.Equal(peaks, root.TryGetProperty("read_peak_gbps", out JsonElement read) && read.GetDouble() > 0);
        Assert.Equal(peaks, root.TryGetProperty("fma_peak_gflops_per_thread", out JsonElement fma) && fma.GetDouble() > 0);
        foreach (JsonElement row in results.EnumerateArray())
        {
            Assert.True(row.GetProperty("microseconds_per_call").GetDouble() > 0);
            Assert.True(row.GetProperty("samples_per_second").GetDouble() > 0);
            Assert.Equal(0, row.GetProperty("allocated_bytes_per_call").GetInt64());
            int batch = row.GetProperty("batch_size").GetInt32();
            Assert.Equal(2 * weights * batch, row.GetProperty("flops_per_call").GetInt64());
            if (!peaks)
            {
                Assert.False(row.TryGetProperty("floor_microseconds", out _));
                continue;
            }
            // The floor is the longer of the two roofline times (from the rounded peaks, so within 1 %).
            double readMicros = 4 * (weights + biases) / read.GetDouble() / 1e3;
            double fmaMicros = 2 * weights * batch / fma.GetDouble() / 1e3;
            double floor = row.GetProperty("floor_microseconds").GetDouble();
            Assert.InRange(floor / Math.Max(readMicros, fmaMicros), 0.99, 1.01);
        }
    }

    [Fact]
    public void TheReadPeakIsARateForEveryAcceleratedWidthAndNoneForTheScalarPath()
    {
        foreach (int bits in new[] { 512, 256, 128 })
        {
            double? rate = ReadPeak.GigabytesPerSecond(100_000, bits);
            bool accelerated = bits switch
            {
                512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
                256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
                _ => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
            };
            Assert.Equal(accelerated, rate is > 0);
        }
        Assert.Null(ReadPeak.GigabytesPerSecond(100_000, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadPeak.GigabytesPerSecond(0, 256));
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
