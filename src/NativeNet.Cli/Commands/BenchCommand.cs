using System.CommandLine;
using NativeNet.Cli.Bench;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet bench gemm|train</c>: throughput of the matrix kernel and of a training epoch.</summary>
internal static class BenchCommand
{
    /// <param name="gemm">Runs the GEMM benchmark; null leaves <c>bench gemm</c> without a runner.</param>
    /// <param name="train">Runs the training benchmark; null leaves <c>bench train</c> without a runner.</param>
    public static Command Create(Func<GemmBenchOptions, int>? gemm, Func<BenchTrainSettings, int>? train)
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
        var gemmThreads = CliOptions.PositiveInt("--threads", "Worker threads.", Environment.ProcessorCount);
        var useDouble = new Option<bool>("--double") { Description = "Time double instead of float." };
        var transposeA = new Option<bool>("--ta") { Description = "Use op(A) = Aᵀ (A stored K×M)." };
        var transposeB = new Option<bool>("--tb") { Description = "Use op(B) = Bᵀ (B stored N×K)." };
        var gemmJson = new Option<bool>("--json") { Description = "Print one JSON array of GFLOP/s per shape instead of a table." };
        var gemmCommand = new Command("gemm", "GFLOP/s of the packed SIMD matrix multiply (best of several batches per shape).") { sizes, gemmThreads, useDouble, transposeA, transposeB, gemmJson };
        if (gemm is not null)
            gemmCommand.SetAction(p => gemm(new GemmBenchOptions(
                GemmBenchOptions.ParseShapes(p.GetValue(sizes)!), p.GetValue(gemmThreads), p.GetValue(gemmJson), p.GetValue(useDouble), p.GetValue(transposeA), p.GetValue(transposeB))));

        var data = new Option<DataSpec>("--data") { Description = "Dataset: " + DataSpec.HelpText + ".", HelpName = "SPEC", DefaultValueFactory = _ => new DataSpec("digits", null, false), CustomParser = DataSpec.Parse };
        var hidden = CliOptions.PositiveIntList("--hidden", "Hidden layer widths.", "256,128");
        var batchSize = CliOptions.PositiveInt("--batch-size", "Mini-batch size.", 128);
        var trainThreads = CliOptions.PositiveInt("--threads", "Worker threads.", Environment.ProcessorCount);
        var epochs = CliOptions.PositiveInt("--epochs", "Epochs to time.", 1);
        var trainJson = CliOptions.Json("samples/s and seconds per epoch");
        var trainCommand = new Command("train", "Training throughput (samples/s) of a network on a dataset.") { data, hidden, batchSize, trainThreads, epochs, trainJson };
        if (train is not null)
            trainCommand.SetAction(p => train(new BenchTrainSettings(p.GetValue(data)!, CliOptions.GetPositiveInts(p, hidden), p.GetValue(batchSize), p.GetValue(trainThreads), p.GetValue(epochs), p.GetValue(trainJson))));

        return new Command("bench", "Benchmarks: the GEMM kernel and training throughput.") { gemmCommand, trainCommand };
    }
}
