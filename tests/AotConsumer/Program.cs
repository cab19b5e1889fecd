using System.Globalization;
using NativeNet.Data;
using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using NativeNet.Training;

// Trains a few steps on the embedded digits with the app's own activation, saves a checkpoint, rebuilds the model
// from the checkpoint's architecture JSON, loads it and predicts with a Predictor: one `key: value` line per result.
string directory = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("aot-consumer").FullName;
var invariant = CultureInfo.InvariantCulture;

var all = Datasets.Digits().Apply(new UnitRangeScaler<float>(0f, 16f));
var (train, test) = all.SplitRandom(1497, seed: 7);
var spec = new FullyConnectedNetSpec { InputSize = 64, HiddenSizes = [32], Classes = 10, Activation = "aot_softsign", Seed = 1 };
var model = FullyConnectedNet.Build<float>(spec);
var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2),
    train, validation: null, new SolverOptions { BatchSize = 64, Epochs = 3, Seed = 1 });
solver.Train();
Console.WriteLine($"iterations: {solver.Iteration}");

string path = Path.Combine(directory, "checkpoint.safetensors");
Checkpoint.Save(solver, path, new Dictionary<string, string> { ["architecture"] = spec.ToJson() });
var loaded = FullyConnectedNet.Build<float>(FullyConnectedNetSpec.FromJson(Checkpoint.ReadMetadata(path)["architecture"]));
Checkpoint.LoadModel(loaded, path);

var predictor = loaded.CreatePredictor();
var expected = Evaluator.Predict(model, test.Features);
int correct = 0, agree = 0;
for (int i = 0; i < test.Count; i++)
{
    int predicted = predictor.PredictClass(test.Features.Row(i).Span);
    if (predicted == test.Labels[i]) correct++;
    if (predicted == expected[i]) agree++;
}
Console.WriteLine($"test accuracy: {((double)correct / test.Count).ToString("F4", invariant)}");
Console.WriteLine($"loaded model agrees: {agree}/{test.Count}");

// The generated manifest's gradient-check recipe builds the layer without reflection.
var recipe = LayerRegistry.TryGet("aot_softsign", out var descriptor) ? descriptor.GradientCheck! : throw new InvalidOperationException("aot_softsign is not registered");
var rng = new Rng((ulong)recipe.Seed);
var check = GradientCheck.CheckLayer(recipe.Create(rng), NdArray<double>.RandomUniform(rng, recipe.InputLow, recipe.InputHigh, recipe.InputShape), rng, recipe.Training);
Console.WriteLine($"gradient check: {(check.Passes(recipe.Tolerance) ? "pass" : "FAIL " + check)}");
