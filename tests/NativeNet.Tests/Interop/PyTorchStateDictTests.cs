using NativeNet.Interop;
using NativeNet.IO;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Tensors;
using NativeNet.Tests.IO;
using NativeNet.Tests.Models;

namespace NativeNet.Tests.Interop;

public sealed class PyTorchStateDictTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Linear + fused ReLU, BatchNorm + fused tanh, dropout, Linear, LayerNorm + fused leaky ReLU, Linear.</summary>
    internal static Sequential<double> Network(Rng rng, bool dropout = true)
    {
        var model = new Sequential<double>(
            new Linear<double>(5, 8, rng, activation: new Relu<double>()),
            new BatchNorm<double>(8, activation: new Tanh<double>()));
        if (dropout) model.Add(Dropout<double>.WithDropProbability(0.5, rng));
        model.Add(new Linear<double>(8, 6, rng));
        model.Add(new LayerNorm<double>(6, activation: new LeakyRelu<double>(0.1)));
        model.Add(new Linear<double>(6, 3, rng, bias: false));
        return model;
    }

    [Fact]
    public void KeysLayoutAndModulesArePyTorchs()
    {
        var model = Network(new Rng(1));
        var state = PyTorchStateDict.Export(model);
        Assert.Equal(
            ["0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var", "5.weight", "5.bias", "6.weight", "6.bias", "8.weight"],
            state.Select(s => s.Name));
        var linear = (Linear<double>)model.Layers[0];
        var weight = state[0].Value;
        Assert.Equal([8, 5], weight.Shape.ToArray());
        Assert.Equal(linear.Weight.Value[3, 7], weight[7, 3]);
        Assert.Equal(
            ["torch.nn.Linear(5, 8, bias=True)", "torch.nn.ReLU()", "torch.nn.BatchNorm1d(8, eps=1E-05, momentum=0.1)", "torch.nn.Tanh()",
             "torch.nn.Dropout(p=0.5)", "torch.nn.Linear(8, 6, bias=True)", "torch.nn.LayerNorm(6, eps=1E-05)", "torch.nn.LeakyReLU(0.1)",
             "torch.nn.Linear(6, 3, bias=False)"],
            PyTorchStateDict.Modules(model));
    }

    [Fact]
    public void ExportThenImportGivesTheSameForwardBits()
    {
        var rng = new Rng(2);
        var model = Network(rng);
        ModelFileTests.Randomize(model, rng);
        string path = _dir.File("torch.safetensors");
        PyTorchStateDict.Save(model, path);

        var file = SafeTensorsFile.Load(path);
        Assert.Equal([0L], file.GetInt64("2.num_batches_tracked", []));
        Assert.Equal("pt", file.Metadata["format"]);

        var fresh = Network(new Rng(99));
        PyTorchStateDict.Load(fresh, path);
        var input = NdArray<double>.RandomNormal(rng, 0, 1, 4, 5);
        Assert.Equal(model.Forward(input, training: false).ToArray(), fresh.Forward(input, training: false).ToArray());
        Assert.Equal(model.State().SelectMany(s => s.Value.ToArray()), fresh.State().SelectMany(s => s.Value.ToArray()));
    }

    [Fact]
    public void ImportIsStrictAboutMissingAndUnexpectedKeys()
    {
        var model = Network(new Rng(3));
        var writer = new SafeTensorsWriter();
        foreach (var (name, value) in PyTorchStateDict.Export(model))
            if (name != "5.bias") writer.Add(name, value);
        string path = _dir.File("missing.safetensors");
        writer.Save(path);
        var e = Assert.Throws<DataFormatException>(() => PyTorchStateDict.Load(model, path));
        Assert.Contains("5.bias", e.Message);

        writer.Add("5.bias", NdArray<double>.Zeros(6));
        writer.Add("9.weight", NdArray<double>.Zeros(2));
        writer.Save(path);
        e = Assert.Throws<DataFormatException>(() => PyTorchStateDict.Load(model, path));
        Assert.Contains("unexpected key '9.weight'", e.Message);
    }

    [Fact]
    public void ALayerWithParametersButNoMappingIsNamed()
    {
        var model = new Sequential<double>(new NativeNet.Tests.Generators.ScaleShift<double>(3, new Rng(1)));
        var e = Assert.Throws<ArgumentException>(() => PyTorchStateDict.Export(model));
        Assert.Contains("scaleshift1", e.Message);
    }
}
