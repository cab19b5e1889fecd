using System.Text.Json;

namespace NativeNet.Tests.Cli;

public class GradcheckCommandTests
{
    [Fact]
    public void EveryLayerOfTheLibraryPasses()
    {
        // Other tests load assemblies with deliberately wrong layers into the process; the library's own must all pass.
        var library = NativeNet.Layers.LayerRegistry.Layers.Where(d => d.LayerType.Assembly == typeof(NativeNet.Layers.Linear<>).Assembly).Select(d => d.Name).ToArray();
        Assert.Subset(library.ToHashSet(), new HashSet<string> { "linear", "batch_norm", "layer_norm", "softmax", "dropout", "flatten", "relu", "swish" });
        var run = CliInvocation.Run("gradcheck", "--layer", string.Join(',', library), "--json");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        using var json = JsonDocument.Parse(run.LastOutLine);
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        var layers = json.RootElement.GetProperty("layers");
        Assert.Equal(library, layers.EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToArray());
        foreach (var layer in layers.EnumerateArray())
            Assert.InRange(layer.GetProperty("max_error").GetDouble(), 0, layer.GetProperty("tolerance").GetDouble());
    }

    [Fact]
    public void WithoutLayerEveryRegisteredLayerIsChecked()
    {
        // The registry only grows (tests running alongside may load more layers), so what it holds now is checked.
        var registered = NativeNet.Layers.LayerRegistry.Layers.Select(d => d.Name).ToArray();
        var run = CliInvocation.Run("gradcheck", "--json");
        using var json = JsonDocument.Parse(run.LastOutLine);
        var names = json.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToHashSet();
        foreach (var name in registered) Assert.Contains(name, names);
        Assert.Equal(json.RootElement.GetProperty("passed").GetBoolean() ? 0 : 1, run.ExitCode);
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
