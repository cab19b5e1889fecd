using System.Globalization;
using NativeNet.Data;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Training;

namespace NativeNet.Tests.Runner;

/// <summary>
/// A short, fixed training run on the embedded digits (GELU and batch norm, so GEMM, the elementwise engine's
/// transcendental functions and the normalization passes all take part) summarized as a hash of the trained
/// parameters' bits: two machines that print the same line computed the same model.
/// </summary>
internal static class TrainingDigest
{
    public static string Compute()
    {
        var all = Datasets.Digits().Apply(new UnitRangeScaler<float>(0f, 16f));
        var (train, _) = all.SplitRandom(1000, seed: 0);
        var model = FullyConnectedNet.Build<float>(new FullyConnectedNetSpec
        {
            InputSize = 64, HiddenSizes = [48, 32], Classes = 10, Activation = "gelu", Normalization = Normalization.Batch, Seed = 3,
        });
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 3e-3), train, null,
            new SolverOptions { BatchSize = 50, Epochs = 2, Seed = 3, EvaluateBeforeTraining = false });
        solver.Train();
        // FNV-1a over the parameters' bit patterns: a digest to compare, and no cryptography library to load (emulated
        // Arm64 has no libssl).
        ulong hash = 14695981039346656037;
        foreach (var parameter in model.Parameters)
            foreach (float value in parameter.Value.Span)
                hash = (hash ^ BitConverter.SingleToUInt32Bits(value)) * 1099511628211;
        string loss = solver.History.Loss[^1].ToString("R", CultureInfo.InvariantCulture);
        return $"training digest {hash:X16} (last loss {loss}, {solver.History.Loss.Count} steps)";
    }
}
