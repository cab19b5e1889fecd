using Microsoft.ML.OnnxRuntime;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Onnx;
using NativeNet.Tensors;
using NativeNet.Tests.Inference;

namespace NativeNet.Tests.Onnx;

public class OnnxExportTests
{
    private const int Inputs = PredictorTests.Inputs, Classes = PredictorTests.Classes, Rows = 16;

    // The predictor tests' trained-looking networks: non-trivial γ, β and running statistics.
    private static Sequential<float> Network(Normalization normalization, string activation) => PredictorTests.Model(normalization, 0, activation);

    private static NdArray<float> Features(Rng rng) => PredictorTests.Inputs32(rng, Rows);

    // Runs the exported model in ONNX Runtime and compares with NativeNet's evaluation-mode forward.
    private static void AssertOnnxRuntimeAgrees(Sequential<float> model, int? inputWidth = null)
    {
        byte[] onnx = OnnxExporter.ToBytes(model, inputWidth);
        var x = Features(new Rng(3));
        float[] expected = model.Forward(x, training: false).ToArray();
        using var session = new InferenceSession(onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(x.ToArray(), [Rows, Inputs]);
        using var results = session.Run(new RunOptions(), ["features"], [input], ["scores"]);
        float[] actual = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])),
                $"{model}: value {i} is {actual[i]} in ONNX Runtime, {expected[i]} in NativeNet");
    }

    public static TheoryData<Normalization, string> Networks()
    {
        var data = new TheoryData<Normalization, string>();
        foreach (string activation in new[] { "relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus", "swish", "gelu", "gelu_tanh" })
            data.Add(Normalization.None, activation);
        data.Add(Normalization.Batch, "relu");
        data.Add(Normalization.Batch, "gelu");
        data.Add(Normalization.Layer, "relu");
        data.Add(Normalization.Layer, "swish");
        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ExportedNetworksGiveTheSameScoresInOnnxRuntime(Normalization normalization, string activation)
        => AssertOnnxRuntimeAgrees(Network(normalization, activation));

    [Fact]
    public void StandaloneLayersExport()
    {
        var rng = new Rng(8);
        var model = new Sequential<float>(
            new Linear<float>(Inputs, 12, rng), new LeakyRelu<float>(0.2), new LayerNorm<float>(12), new Gelu<float>(),
            new Dropout<float>(0.5, DropoutConvention.DropProbability, rng), new BatchNorm<float>(12), new Elu<float>(0.7),
            new Linear<float>(12, Classes, rng, bias: false), new Softmax<float>());
        for (int step = 0; step < 3; step++) model.Forward(Features(rng), training: true);
        AssertOnnxRuntimeAgrees(model);
    }

    [Fact]
    public void AModelStartingWithFlattenTakesItsInputWidth()
    {
        var model = new Sequential<float>(new Flatten<float>(), new Linear<float>(Inputs, Classes, new Rng(4)));
        Assert.Throws<OnnxExportException>(() => OnnxExporter.ToBytes(model));
        AssertOnnxRuntimeAgrees(model, Inputs);
    }

    [Fact]
    public void AUserDeclaredActivationFailsNamingIt()
    {
        var rng = new Rng(9);
        var model = new Sequential<float>(new Linear<float>(Inputs, 5, rng), LayerRegistry.Create<float>("stable_mish"), new Linear<float>(5, 2, rng));
        var error = Assert.Throws<OnnxExportException>(() => OnnxExporter.ToBytes(model));
        Assert.Contains("Layer 1", error.Message);
        Assert.Contains("StableMish", error.Message);
    }

    [Fact]
    public void ExportReplacesTheFileWhole()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nativenet-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllText(path, "an older model");
            var model = Network(Normalization.None, "relu");
            OnnxExporter.Export(model, path);
            Assert.Equal(OnnxExporter.ToBytes(model), File.ReadAllBytes(path));
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
