using System.CommandLine;
using NativeNet.Cli.Bench;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet bench gemm|train|infer|allreduce</c>: throughput of the matrix kernel, of training steps and of predictions, and the all-reduce.</summary>
internal static class BenchCommand
{
    /// <param name="gemm">Runs the GEMM benchmark; null leaves <c>bench gemm</c> without a runner.</param>
    /// <param name="train">Runs the training benchmark; null leaves <c>bench train</c> without a runner.</param>
    /// <param name="infer">Runs the prediction benchmark; null leaves <c>bench infer</c> without a runner.</param>
    /// <param name="allReduce">Runs the all-reduce benchmark and scaling model; null leaves <c>bench allreduce</c> without a runner.</param>
    public static Command Create(Func<GemmBenchOptions, int>? gemm, Func<TrainBenchOptions, int>? train, Func<InferBenchOptions, int>? infer = null,
        Func<AllReduceBenchOptions, int>? allReduce = null)
    {
        var sizes = new Option<string>("--sizes")
        {
            Description = "Products to time: comma-separated n (square) or MxKxN (A is M×K, B is K×N), e.g. 256,512,100x3072x500.",
            HelpName = "N|MxKxN,...",
            DefaultValueFactory = _ => "256,512,1024",
        };
        sizes.Validators.Add(result =>
        {
            if (!CliOptions.TryGetValue(result, out string? text) || text is null) return;
            try
            {
                GemmBenchOptions.ParseShapes(text);
            }
            catch (FormatException e)
            {
                result.AddError(e.Message.TrimEnd('.'));
            }
        });
        var gemmThreads = CliOptions.BenchmarkThreads("Worker threads.");
        var useDouble = new Option<bool>("--double") { Description = "Time double instead of float." };
        var transposeA = new Option<bool>("--ta") { Description = "Use op(A) = Aᵀ (A stored K×M)." };
        var transposeB = new Option<bool>("--tb") { Description = "Use op(B) = Bᵀ (B stored N×K)." };
        var gemmJson = new Option<bool>("--json") { Description = "Print one JSON object (threads, type, gemm_kernel, results: GFLOP/s per shape) instead of a table." };
        var gemmCommand = new Command("gemm", "GFLOP/s of the packed SIMD matrix multiply (best of several batches per shape).") { sizes, gemmThreads, useDouble, transposeA, transposeB, gemmJson };
        if (gemm is not null)
            gemmCommand.SetAction(p => gemm(new GemmBenchOptions(
                GemmBenchOptions.ParseShapes(p.GetValue(sizes)!), p.GetValue(gemmThreads), p.GetValue(gemmJson), p.GetValue(useDouble), p.GetValue(transposeA), p.GetValue(transposeB))));

        var workload = CliOptions.Choice("--workload", "Training workload: " + string.Join("; ", TrainWorkloads.All.Select(w => w.ToString())) + ".",
            TrainWorkloads.All[0].Name, [.. TrainWorkloads.Names]);
        var trainThreads = CliOptions.BenchmarkThreads("Worker threads.");
        var seconds = CliOptions.Positive("--seconds", "Timed seconds after warm-up.", 3);
        var trainJson = CliOptions.Json("workload, threads, samples_per_second and allocated_bytes_per_step");
        var trainCommand = new Command("train", "Steady-state training throughput (samples/s) and allocation per step of a classic workload.") { workload, trainThreads, seconds, trainJson };
        if (train is not null)
            trainCommand.SetAction(p => train(new TrainBenchOptions(p.GetValue(workload)!, p.GetValue(trainThreads), p.GetValue(seconds), p.GetValue(trainJson))));

        var batchSizes = CliOptions.PositiveIntList("--batch-sizes", "Samples per prediction call, one measurement each.", "1,32");
        var inferThreads = CliOptions.BenchmarkThreads("Predictors running at once, one per thread, over one shared model.");
        var inferSeconds = CliOptions.Positive("--seconds", "Timed seconds per batch size after warm-up.", 2);
        var inferJson = CliOptions.Json("the model, threads, GEMM kernel, weight_bytes, read_peak_gbps, fma_peak_gflops_per_thread and per batch size microseconds_per_call, floor_microseconds, samples_per_second, allocated_bytes_per_call and flops_per_call");
        var inferCommand = new Command("infer", $"Prediction latency and throughput of the {InferBench.Model} MLP through Predictor.") { batchSizes, inferThreads, inferSeconds, inferJson };
        if (infer is not null)
            inferCommand.SetAction(p => infer(new InferBenchOptions(CliOptions.GetPositiveInts(p, batchSizes), p.GetValue(inferThreads), p.GetValue(inferSeconds), p.GetValue(inferJson))));

        var reduceSizes = new Option<string>("--sizes")
        {
            Description = "Gradient sizes in bytes to time the all-reduce of (K = 1024, M = 1024²).",
            HelpName = "BYTES,...",
            DefaultValueFactory = _ => "4K,64K,1M,16M",
        };
        reduceSizes.Validators.Add(result =>
        {
            if (!CliOptions.TryGetValue(result, out string? text) || text is null) return;
            try
            {
                AllReduceBenchOptions.ParseSizes(text);
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        });
        var repeats = CliOptions.PositiveInt("--repeats", "Timed all-reduces per size (after two untimed); the best and the median are reported.", 20);
        var stepSeconds = CliOptions.Positive("--seconds", "Timed seconds of training steps per catalog workload (in one process).", 1);
        var latency = CliOptions.NonNegative("--latency-us", "Modeled time of one message besides its bytes, in µs.", ScalingModel.DefaultLatencySeconds * 1e6);
        var modelPlot = new Option<string?>("--model-plot") { Description = "Write the scaling model's efficiency plot to PATH.png and PATH.svg (in one process).", HelpName = "PATH" };
        var reduceJson = CliOptions.Json("ranks and per size best_ms and median_ms (under mpiexec), or the workloads' ms_per_step and gradient_bytes and the model (in one process)");
        var allReduceCommand = new Command("allreduce",
            "Under mpiexec: the time of training's all-reduce against the gradient's size. In one process: every catalog workload's compute time per step " +
            "and a model of ring and recursive-doubling all-reduce on 10, 25 and 100 Gb/s links, predicting the efficiency at 8, 32 and 128 ranks.")
        { reduceSizes, repeats, stepSeconds, latency, modelPlot, reduceJson };
        if (allReduce is not null)
            allReduceCommand.SetAction(p => allReduce(new AllReduceBenchOptions(AllReduceBenchOptions.ParseSizes(p.GetValue(reduceSizes)!), p.GetValue(repeats),
                p.GetValue(stepSeconds), p.GetValue(latency) / 1e6, p.GetValue(modelPlot), p.GetValue(reduceJson))));

        return new Command("bench", "Benchmarks: the GEMM kernel, training and prediction throughput, and the all-reduce of data-parallel training.") { gemmCommand, trainCommand, inferCommand, allReduceCommand };
    }
}
