using System.Text.Json;
using NativeNet.IO;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Tensors;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Models;

public sealed class ModelFileTests : IDisposable
{
    private const int Width = 6;

    // Arguments for the registered kinds that have required ones; every other kind is built with its defaults.
    private static readonly Dictionary<string, string> RequiredArguments = new(StringComparer.Ordinal)
    {
        ["linear"] = $"inFeatures={Width}, outFeatures={Width}",
        ["batch_norm"] = $"features={Width}",
        ["layer_norm"] = $"features={Width}",
        ["scale_shift"] = $"features={Width}, initialScale=0.5",
        ["dropout"] = "probability=0.8, convention=KeepProbability",
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryRegisteredLayerKindRoundTripsToTheSameForwardBits()
    {
        var rng = new Rng(7);
        var model = new Sequential<double>();
        // The library's layers and this assembly's (user-declared ones); other tests register generated assemblies too.
        var assemblies = new[] { typeof(Linear<>).Assembly, typeof(ModelFileTests).Assembly };
        foreach (var descriptor in LayerRegistry.Layers.Where(d => assemblies.Contains(d.LayerType.Assembly)))
        {
            if (descriptor.Name == "softmax") continue; // last, so that the layers after it see varied inputs
            var arguments = LayerArguments.Parse(RequiredArguments.GetValueOrDefault(descriptor.Name, ""), rng);
            model.Add(descriptor.Create<double>(arguments));
        }
        // Non-default arguments and fused activations, which the recipes must carry too.
        model.Add(new Linear<double>(Width, Width, rng, bias: false, activation: new LeakyRelu<double>(0.2)));
        model.Add(new BatchNorm<double>(Width, 1e-3, 0.25, RunningAverageConvention.MomentumKeepsOld, RunningVarianceEstimate.Biased, new Elu<double>(0.5)));
        model.Add(new LayerNorm<double>(Width, 1e-4, new Tanh<double>()), "final_norm");
        model.Add(LayerRegistry.Create<double>("softmax"));
        Randomize(model, rng);

        string path = _dir.File("model.safetensors");
        model.Save(path);
        var loaded = Sequential<double>.Load(path);

        Assert.Equal(model.Layers.Select(l => (l.Name, l.ToString())), loaded.Layers.Select(l => (l.Name, l.ToString())));
        Assert.Equal(ModelFile.ArchitectureJson(model), ModelFile.ArchitectureJson(loaded));
        var input = NdArray<double>.RandomNormal(rng, 0, 1, 5, Width);
        var expected = model.Forward(input, training: false).ToArray();
        Assert.Equal(expected, loaded.Forward(input, training: false).ToArray());
        Assert.Contains(LayerRegistry.Layers, d => d.Name == "scale_shift");
    }

    [Fact]
    public void LoadsAFloatModelAsDouble()
    {
        var rng = new Rng(3);
        var model = new Sequential<float>(new Linear<float>(4, 3, rng, activation: new Relu<float>()), new Linear<float>(3, 2, rng));
        string path = _dir.File("float.safetensors");
        model.Save(path);
        var loaded = ModelFile.Load<double>(path);
        var input = NdArray<float>.RandomNormal(rng, 0, 1, 2, 4);
        var doubleInput = NdArray<double>.FromArray(input.ToArray().Select(v => (double)v).ToArray(), 2, 4);
        var expected = model.Forward(input, training: false).ToArray();
        var actual = loaded.Forward(doubleInput, training: false).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5);
    }

    [Fact]
    public void AFileOfANewerVersionIsRefusedWithAClearError()
    {
        var model = new Sequential<float>(new Linear<float>(2, 2, new Rng(1)));
        string architecture = ModelFile.ArchitectureJson(model).Replace($"\"version\":{ModelFile.FormatVersion}", $"\"version\":{ModelFile.FormatVersion + 1}");
        var writer = new SafeTensorsWriter();
        writer.Metadata["format"] = ModelFile.FormatName;
        writer.Metadata[ModelFile.ArchitectureKey] = architecture;
        foreach (var (name, value) in model.State()) writer.Add(name, value);
        string path = _dir.File("newer.safetensors");
        writer.Save(path);

        var e = Assert.Throws<DataFormatException>(() => ModelFile.Load<float>(path));
        Assert.Contains("newer NativeNet", e.Message);
        Assert.Contains($"version {ModelFile.FormatVersion + 1}", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ACheckpointIsNotAModelFile()
    {
        string path = _dir.File("other.safetensors");
        var writer = new SafeTensorsWriter();
        writer.Metadata["format"] = "nativenet-checkpoint/1";
        writer.Save(path);
        var e = Assert.Throws<DataFormatException>(() => ModelFile.Load<float>(path));
        Assert.Contains("not a NativeNet model file", e.Message);
    }

    [Fact]
    public void AnUnknownLayerOrAMissingTensorIsNamed()
    {
        var model = new Sequential<float>(new Linear<float>(2, 2, new Rng(1)));
        string path = _dir.File("m.safetensors");
        var writer = new SafeTensorsWriter();
        writer.Metadata["format"] = ModelFile.FormatName;
        writer.Metadata[ModelFile.ArchitectureKey] = ModelFile.ArchitectureJson(model).Replace("\"linear\"", "\"no_such_layer\"");
        writer.Save(path);
        var e = Assert.Throws<DataFormatException>(() => ModelFile.Load<float>(path));
        Assert.Contains("no_such_layer", e.Message);
        Assert.Contains("fc1", e.Message);

        writer = new SafeTensorsWriter();
        writer.Metadata["format"] = ModelFile.FormatName;
        writer.Metadata[ModelFile.ArchitectureKey] = ModelFile.ArchitectureJson(model);
        writer.Add("fc1.weight", model.Layers[0].Parameters[0].Value);
        writer.Save(path);
        e = Assert.Throws<DataFormatException>(() => ModelFile.Load<float>(path));
        Assert.Contains("fc1.bias", e.Message);
    }

    [Fact]
    public void TheArchitectureIsVersionedJsonOfRegistryNamesAndArguments()
    {
        var model = new Sequential<float>(new Linear<float>(3, 2, new Rng(1), activation: new LeakyRelu<float>(0.25)));
        using var json = JsonDocument.Parse(ModelFile.ArchitectureJson(model));
        var root = json.RootElement;
        Assert.Equal(ModelFile.FormatVersion, root.GetProperty("version").GetInt32());
        Assert.Equal("float32", root.GetProperty("dtype").GetString());
        var layer = root.GetProperty("layers")[0];
        Assert.Equal("fc1", layer.GetProperty("name").GetString());
        Assert.Equal("linear", layer.GetProperty("kind").GetString());
        var arguments = layer.GetProperty("arguments");
        Assert.Equal("3", arguments.GetProperty("inFeatures").GetString());
        Assert.Equal("true", arguments.GetProperty("bias").GetString());
        Assert.Equal("leaky_relu", arguments.GetProperty("activation").GetProperty("kind").GetString());
        Assert.Equal("0.25", arguments.GetProperty("activation").GetProperty("arguments").GetProperty("slope").GetString());
    }

    [Fact]
    public void AnUnregisteredLayerCannotBeSavedAndTheErrorSaysWhy()
    {
        var model = new Sequential<float>(new Unregistered());
        var e = Assert.Throws<ArgumentException>(() => ModelFile.ArchitectureJson(model));
        Assert.Contains("not a registered layer", e.Message);
    }

    internal static void Randomize<T>(Sequential<T> model, Rng rng) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (var (name, value) in model.State())
        {
            // Variances must stay positive; everything else is drawn around zero.
            T low = name.EndsWith("running_var", StringComparison.Ordinal) ? T.CreateChecked(0.5) : T.CreateChecked(-1);
            rng.FillUniform(value.Span, low, T.CreateChecked(1.5));
        }
    }

    private sealed class Unregistered : Layer<float>
    {
        public override NdArray<float> Forward(NdArray<float> input, bool training) => input;

        public override NdArray<float> Backward(NdArray<float> gradOutput) => gradOutput;

        public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
    }
}
