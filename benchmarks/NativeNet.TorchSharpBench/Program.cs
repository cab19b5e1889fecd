using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NativeNet.Cli.Bench;
using NativeNet.Models;
using TorchSharp;
using static TorchSharp.torch;

// The workloads of `nativenet bench train` (the same catalog, shape for shape) trained by TorchSharp on random data at
// steady state: `--workload NAME [--threads N] [--seconds S]`, one JSON object per workload. With `--infer
// [--batch-sizes 1,32]` it times prediction with the MLP of `nativenet bench infer` instead, by the same CallTimer.
string? only = null;
int threads = 1;
double seconds = 3;
int[]? inferBatchSizes = null;
if (args.Contains("--infer"))
{
    args = args.Where(a => a != "--infer").ToArray();
    inferBatchSizes = [1, 32];
}
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--workload": only = args[i + 1]; break;
        case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--batch-sizes": inferBatchSizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        default: Console.Error.WriteLine($"error: unknown option {args[i]}"); return 2;
    }
}
torch.set_num_threads(threads);
if (inferBatchSizes is not null)
{
    foreach (int batch in inferBatchSizes)
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["runtime"] = "torchsharp " + typeof(torch).Assembly.GetName().Version,
            ["batch_size"] = batch,
            ["threads"] = threads,
            ["microseconds_per_call"] = Math.Round(MeasureInference(batch, seconds) * 1e6, 2),
        }));
    return 0;
}
foreach (var workload in only is null ? TrainWorkloads.All : [TrainWorkloads.Get(only)])
    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["workload"] = workload.Name,
        ["threads"] = threads,
        ["samples_per_second"] = Measure(workload, seconds),
        ["torchsharp"] = typeof(torch).Assembly.GetName().Version!.ToString(),
    }));
return 0;

static double Measure(TrainWorkload workload, double seconds)
{
    torch.manual_seed(0);
    var model = Build(workload);
    model.train();
    torch.optim.Optimizer optimizer = workload.Optimizer switch
    {
        "adam" => torch.optim.Adam(model.parameters(), lr: 1e-3),
        "momentum" => torch.optim.SGD(model.parameters(), 1e-2, momentum: 0.9),
        _ => torch.optim.SGD(model.parameters(), 1e-2),
    };
    var loss = nn.CrossEntropyLoss();
    var batches = Enumerable.Range(0, 16)
        .Select(_ => (randn(workload.BatchSize, workload.InputSize), randint(workload.Classes, [workload.BatchSize])))
        .ToArray();
    void Step(int i)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var (x, y) = batches[i % batches.Length];
        loss.call(model.call(x), y).backward();
        optimizer.step();
    }
    var warm = Stopwatch.StartNew();
    for (int i = 0; warm.Elapsed.TotalSeconds < Math.Min(1.0, seconds / 3); i++) Step(i);
    var clock = Stopwatch.StartNew();
    int steps = 0;
    while (clock.Elapsed.TotalSeconds < seconds || steps < 20) Step(steps++);
    return steps * workload.BatchSize / clock.Elapsed.TotalSeconds;
}

static double MeasureInference(int batch, double seconds)
{
    torch.manual_seed(0);
    var model = Build(TrainWorkloads.Get("fashion-mlp"));
    model.eval();
    var features = rand(batch, 784);
    var timer = new CallTimer(() =>
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.call(features);
    });
    timer.WarmUp(Math.Min(0.5, seconds / 3));
    timer.Time(seconds / CallTimer.Stretches);
    return timer.BestSecondsPerCall;
}

static nn.Module<Tensor, Tensor> Build(TrainWorkload w)
{
    var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
    for (int i = 0; i + 1 < w.LayerSizes.Length; i++)
    {
        int width = w.LayerSizes[i + 1];
        layers.Add(($"fc{i + 1}", nn.Linear(w.LayerSizes[i], width)));
        if (i + 2 == w.LayerSizes.Length) break;
        if (w.Normalization == Normalization.Batch) layers.Add(($"bn{i + 1}", nn.BatchNorm1d(width)));
        if (w.Normalization == Normalization.Layer) layers.Add(($"ln{i + 1}", nn.LayerNorm([width])));
        layers.Add(($"act{i + 1}", w.Activation switch
        {
            "relu" => nn.ReLU(),
            "sigmoid" => nn.Sigmoid(),
            "gelu" => nn.GELU(),
            "swish" or "user_swish" => nn.SiLU(),
            "mish" => nn.Mish(),
            _ => throw new ArgumentException($"no TorchSharp module for activation '{w.Activation}'"),
        }));
        if (w.DropProbability > 0) layers.Add(($"dropout{i + 1}", nn.Dropout(w.DropProbability)));
    }
    return nn.Sequential(layers);
}
