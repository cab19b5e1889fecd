using System.Text.Json;

namespace NativeNet.Tests.Cli;

public class GradcheckCommandTests
{
    [Fact]
    public void EveryRegisteredLayerPasses()
    {
        var run = CliInvocation.Run("gradcheck", "--json");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        var names = json.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToHashSet();
        foreach (var layer in NativeNet.Layers.LayerRegistry.Layers) Assert.Contains(layer.Name, names);
        foreach (var builtIn in new[] { "linear", "batch_norm", "layer_norm", "softmax", "dropout", "swish" }) Assert.Contains(builtIn, names);
        foreach (var layer in json.RootElement.GetProperty("layers").EnumerateArray())
            Assert.InRange(layer.GetProperty("max_error").GetDouble(), 0, layer.GetProperty("tolerance").GetDouble());
    }

    [Fact]
    public void LayersByNameOrAliasAndATightToleranceFails()
    {
        var run = CliInvocation.Run("gradcheck", "--layer", "silu,linear,batch-norm", "--tol", "1e-15", "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL", run.Out);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(["swish", "linear", "batch_norm"], json.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToArray());
    }

    [Fact]
    public void UnknownLayerIsAUsageError()
    {
        var run = CliInvocation.Run("gradcheck", "--layer", "conv2d");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --layer 'conv2d' is not a known layer; known: ", run.ErrorLines[0]);
        foreach (var name in new[] { "batch_norm", "linear", "relu", "swish" }) Assert.Contains(name, run.ErrorLines[0]);
    }
}
