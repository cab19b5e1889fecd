using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NativeNet.Cli.Bench;

// The MLP of `nativenet bench infer`, exported by benchmarks/scripts/export_mlp_onnx.py, predicted by ONNX Runtime on
// one thread: `--model FILE [--batch-sizes 1,32] [--seconds S]`, one JSON object per batch size, timed by the same
// CallTimer as `bench infer`.
string? modelPath = null;
int[] batchSizes = [1, 32];
double seconds = 2;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--model": modelPath = args[i + 1]; break;
        case "--batch-sizes": batchSizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"error: unknown option {args[i]}"); return 2;
    }
}
if (modelPath is null)
{
    Console.Error.WriteLine("error: --model FILE is required (write it with benchmarks/scripts/export_mlp_onnx.py)");
    return 2;
}

using var options = new SessionOptions
{
    IntraOpNumThreads = 1,
    InterOpNumThreads = 1,
    ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
};
// One thread without spinning, like the other sides: a spinning pool would burn the second core.
options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
using var session = new InferenceSession(modelPath, options);
using var runOptions = new RunOptions();
string[] inputNames = [session.InputNames[0]];
string[] outputNames = [session.OutputNames[0]];
var random = new Random(1);
foreach (int batch in batchSizes)
{
    float[] features = Enumerable.Range(0, batch * 784).Select(_ => random.NextSingle()).ToArray();
    float[] scores = new float[batch * 10];
    // Inputs and outputs bound to our arrays once, so a call allocates only what ONNX Runtime allocates itself.
    using var input = OrtValue.CreateTensorValueFromMemory(features, [batch, 784]);
    using var output = OrtValue.CreateTensorValueFromMemory(scores, [batch, 10]);
    OrtValue[] inputs = [input], outputs = [output];
    var timer = new CallTimer(() => session.Run(runOptions, inputNames, inputs, outputNames, outputs));
    timer.WarmUp(Math.Min(0.5, seconds / 3));
    timer.Time(seconds / CallTimer.Stretches);
    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["runtime"] = "onnxruntime " + typeof(InferenceSession).Assembly.GetName().Version,
        ["batch_size"] = batch,
        ["microseconds_per_call"] = Math.Round(timer.BestSecondsPerCall * 1e6, 2),
    }));
}
return 0;
