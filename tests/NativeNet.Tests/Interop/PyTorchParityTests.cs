using NativeNet.Interop;
using NativeNet.IO;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using NativeNet.Tests.IO;
using NativeNet.Tests.Models;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Interop;

/// <summary>
/// The same network in PyTorch (Debian's python3-torch) and NativeNet, in double, from the same exported weights:
/// the export loads with <c>load_state_dict(strict=True)</c> and gives the same outputs, and N steps of SGD with
/// momentum and of Adam on the same batches give the same parameters and running statistics to 1e-10 relative.
/// </summary>
public sealed class PyTorchParityTests : IDisposable
{
    private const int Steps = 6;
    private const int Batch = 7;
    private const double Tolerance = 1e-10;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void TrainingMatchesPyTorchWithSgdMomentumAndAdam()
    {
        OptionalDependency.RequirePythonTorch();
        var rng = new Rng(11);
        var model = PyTorchStateDictTests.Network(rng, dropout: false);
        ModelFileTests.Randomize(model, rng);
        string init = _dir.File("init.safetensors");
        PyTorchStateDict.Save(model, init);

        var batches = new SafeTensorsWriter();
        var inputs = new NdArray<double>[Steps];
        var labels = new int[Steps][];
        for (int s = 0; s < Steps; s++)
        {
            inputs[s] = NdArray<double>.RandomNormal(rng, 0, 1, Batch, 5);
            labels[s] = Enumerable.Range(0, Batch).Select(_ => rng.NextInt(3)).ToArray();
            batches.Add($"x{s}", inputs[s]);
            batches.AddInt64($"y{s}", labels[s].Select(l => (long)l).ToArray(), Batch);
        }
        string batchPath = _dir.File("batches.safetensors");
        batches.Save(batchPath);

        string script = Path.Combine(AppContext.BaseDirectory, "Interop", "pytorch_parity.py");
        PythonProcess.Run([script, init, batchPath, _dir.Path, Steps.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var torchOutput = SafeTensorsFile.Load(_dir.File("eval.safetensors")).GetFloat64("output");
        AssertClose("eval output", torchOutput, Clone(model).Forward(inputs[0], training: false));

        foreach (string optimizer in new[] { "sgd", "adam" })
        {
            var trained = Clone(model).Train();
            Optimizer<double> rule = optimizer == "sgd"
                ? new Momentum<double>(trained.Parameters, 0.1, 0.9, MomentumConvention.Framework)
                : new Adam<double>(trained.Parameters, 0.01);
            var loss = new SoftmaxCrossEntropyLoss<double>();
            for (int s = 0; s < Steps; s++)
            {
                trained.ComputeLoss(inputs[s], labels[s], loss);
                rule.Step();
            }
            var torch = Clone(model);
            PyTorchStateDict.Load(torch, _dir.File(optimizer + ".safetensors"));
            var ours = trained.State();
            var theirs = torch.State();
            for (int i = 0; i < ours.Count; i++) AssertClose($"{optimizer}: {ours[i].Name}", theirs[i].Value, ours[i].Value);
        }
    }

    private static Sequential<double> Clone(Sequential<double> model)
    {
        var copy = ModelFile.FromArchitecture<double>(ModelFile.ArchitectureJson(model));
        var source = model.State();
        var target = copy.State();
        for (int i = 0; i < source.Count; i++) source[i].Value.CopyTo(target[i].Value);
        return copy;
    }

    // Relative to the tensor's largest magnitude, so that elements near zero are held to the same absolute standard.
    private static void AssertClose(string what, NdArray<double> expected, NdArray<double> actual)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        double scale = expected.ToArray().Max(Math.Abs);
        double error = expected.ToArray().Zip(actual.ToArray(), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(error <= Tolerance * scale, $"{what}: max |difference| {error:R} exceeds {Tolerance} × max |value| {scale:R}.");
    }
}
