using System.Text.Json;
using NativeNet.Cli.Bench;
using NativeNet.Layers;
using NativeNet.Tests.Kernels;

namespace NativeNet.Tests.Cli;

/// <summary><c>nativenet bench train</c>: the workload catalog, the JSON contract and the text output.</summary>
[Collection(nameof(KernelSettingsCollection))]
public sealed class BenchTrainCommandTests
{
    [Fact]
    public void JsonHasTheContractFields()
    {
        var run = CliInvocation.Run("bench", "train", "--workload", "mnist-small", "--seconds", "0.2", "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.LastOutLine);
        var root = json.RootElement;
        Assert.Equal("mnist-small", root.GetProperty("workload").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("samples_per_second").GetDouble() > 0);
        Assert.True(root.GetProperty("steps").GetInt64() >= 20);
        Assert.True(root.GetProperty("cpu_samples_per_second").GetDouble() > 0);
        // Process-wide, so other tests running alongside would show up here; the zero is asserted per thread in TrainingStepTests.
        Assert.True(root.GetProperty("allocated_bytes_per_step").GetInt64() >= 0);
    }

    [Fact]
    public void TextNamesTheWorkloadAndThroughput()
    {
        var run = CliInvocation.Run("bench", "train", "--workload", "mnist-bn", "--threads", "2", "--seconds", "0.2");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("mnist-bn: 784-128-64-10, batch norm, relu, momentum, batch 60", run.Out);
        Assert.Contains("2 threads:", run.Out);
        Assert.Contains("samples/s", run.Out);
        // The CPU-clock figure is only meaningful when the whole step runs on the calling thread.
        Assert.DoesNotContain("CPU time", run.Out);
    }

    [Fact]
    public void UnknownWorkloadIsAUsageErrorListingTheKnownOnes()
    {
        var run = CliInvocation.Run("bench", "train", "--workload", "imagenet");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cifar-wide10", run.Error);
        Assert.Throws<ArgumentException>(() => TrainWorkloads.Get("imagenet"));
    }

    [Fact]
    public void CatalogHasTheClassicWorkloadsAndWhatUsersBuild()
    {
        Assert.Equal(["cifar-bn", "cifar-deep", "cifar-wide10", "mnist-small", "mnist-bn", "fashion-mlp", "fashion-gelu", "fashion-ln", "fashion-ln-gelu",
            "fashion-swish", "fashion-mish", "fashion-user-swish", "fashion-dropout", "cifar-bn-gelu"], TrainWorkloads.Names);
        var wide = TrainWorkloads.Get("CIFAR-WIDE10");
        Assert.Equal(12, wide.LayerSizes.Length);
        Assert.Equal((3072, 10, 128), (wide.InputSize, wide.Classes, wide.BatchSize));
        // Activations are fused into the Linear or BatchNorm layer they follow.
        Assert.Equal(11, wide.BuildModel(0).Layers.Count);
        Assert.Equal(["fc1", "bn1", "fc2", "bn2", "fc3"], TrainWorkloads.Get("mnist-bn").BuildModel(0).Layers.Select(l => l.Name));
        Assert.Equal(784 * 30 + 30 + 30 * 10 + 10, TrainWorkloads.Get("mnist-small").BuildModel(0).ParameterCount);
        Assert.Equal(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, TrainWorkloads.Get("fashion-mlp").BuildModel(0).ParameterCount);
        Assert.Equal(["fc1", "ln1", "fc2", "ln2", "fc3"], TrainWorkloads.Get("fashion-ln-gelu").BuildModel(0).Layers.Select(l => l.Name));
        Assert.Equal(["fc1", "dropout1", "fc2", "dropout2", "fc3"], TrainWorkloads.Get("fashion-dropout").BuildModel(0).Layers.Select(l => l.Name));
        // The benchmark's own mish, declared outside the library, fuses like a built-in activation.
        var mish = (Linear<float>)TrainWorkloads.Get("fashion-mish").BuildModel(0).Layers[0];
        Assert.Equal("Mish", mish.Activation!.ToString());
    }
}
