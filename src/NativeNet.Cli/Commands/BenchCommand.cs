using System.CommandLine;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet bench gemm|train</c>: throughput of the matrix kernel and of a training epoch.</summary>
internal static class BenchCommand
{
    /// <param name="gemm">Runs the GEMM benchmark; null leaves <c>bench gemm</c> without a runner.</param>
    /// <param name="train">Runs the training benchmark; null leaves <c>bench train</c> without a runner.</param>
    public static Command Create(Func<BenchGemmSettings, int>? gemm, Func<BenchTrainSettings, int>? train)
    {
        var sizes = CliOptions.PositiveIntList("--sizes", "Square matrix sizes n (C = A·B with n×n operands).", [256, 512, 1024]);
        var type = CliOptions.Choice("--type", "Element type.", "float", "float", "double");
        var gemmThreads = CliOptions.PositiveInt("--threads", "Worker threads.", Environment.ProcessorCount);
        var seconds = CliOptions.Positive("--seconds", "Minimum measuring time per size.", 1.0);
        var gemmJson = CliOptions.Json("GFLOP/s per size");
        var gemmCommand = new Command("gemm", "GFLOP/s of the packed SIMD matrix multiply for square sizes.") { sizes, type, gemmThreads, seconds, gemmJson };
        if (gemm is not null)
            gemmCommand.SetAction(p => gemm(new BenchGemmSettings(p.GetValue(sizes)!, p.GetValue(type)!, p.GetValue(gemmThreads), p.GetValue(seconds), p.GetValue(gemmJson))));

        var data = new Option<DataSpec>("--data") { Description = "Dataset: " + DataSpec.HelpText + ".", HelpName = "SPEC", DefaultValueFactory = _ => new DataSpec("digits", null, false), CustomParser = DataSpec.Parse };
        var hidden = CliOptions.PositiveIntList("--hidden", "Hidden layer widths.", [256, 128]);
        var batchSize = CliOptions.PositiveInt("--batch-size", "Mini-batch size.", 128);
        var trainThreads = CliOptions.PositiveInt("--threads", "Worker threads.", Environment.ProcessorCount);
        var epochs = CliOptions.PositiveInt("--epochs", "Epochs to time.", 1);
        var trainJson = CliOptions.Json("samples/s and seconds per epoch");
        var trainCommand = new Command("train", "Training throughput (samples/s) of a network on a dataset.") { data, hidden, batchSize, trainThreads, epochs, trainJson };
        if (train is not null)
            trainCommand.SetAction(p => train(new BenchTrainSettings(p.GetValue(data)!, p.GetValue(hidden)!, p.GetValue(batchSize), p.GetValue(trainThreads), p.GetValue(epochs), p.GetValue(trainJson))));

        return new Command("bench", "Benchmarks: the GEMM kernel and training throughput.") { gemmCommand, trainCommand };
    }
}
