using System.CommandLine;
using NativeNet.Cli.Optimizers;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet train</c>: trains a fully connected network and writes the checkpoint, histories and plots.</summary>
internal static class TrainCommand
{
    public static readonly string[] Activations = ["relu", "leaky-relu", "tanh", "sigmoid", "elu", "gelu"];
    public static readonly string[] Norms = ["none", "batch", "layer"];
    public static readonly string[] Inits = ["he", "xavier", "normal"];

    /// <param name="handler">Runs a training; null leaves the command without a runner.</param>
    public static Command Create(Func<TrainSettings, int>? handler)
    {
        var data = new Option<DataSpec>("--data") { Description = "Dataset: " + DataSpec.HelpText + ".", HelpName = "SPEC", DefaultValueFactory = _ => new DataSpec("digits", null, false), CustomParser = DataSpec.Parse };
        var hidden = CliOptions.PositiveIntList("--hidden", "Hidden layer widths.", "256,128");
        var activation = CliOptions.Choice("--activation", "Hidden-layer activation.", "relu", Activations);
        var norm = CliOptions.Choice("--norm", "Normalization after each hidden affine layer.", "none", Norms);
        var dropout = CliOptions.UnitInterval("--dropout", "Dropout probability after each hidden layer (0 = off).", 0);
        var init = CliOptions.Choice("--init", "Weight initialization: he (std √(2/fan_in)), xavier (std √(2/(fan_in+fan_out))), normal (std 0.01).", "he", Inits);
        var optimizer = CliOptions.Choice("--optimizer", "Update rule.", "adam", OptimizerCatalog.Names);
        var lr = CliOptions.Positive("--lr", "Initial learning rate η.", 1e-3);
        var momentum = CliOptions.Momentum();
        var lrDecay = CliOptions.Checked("--lr-decay", "Multiply the learning rate by this factor after every epoch (1 = constant).", 1.0, v => v > 0 && v <= 1, "must lie in (0, 1]");
        var weightDecay = CliOptions.NonNegative("--weight-decay", "Weight decay λ on weights (not biases).", 0);
        var epochs = CliOptions.PositiveInt("--epochs", "Number of passes over the training set.", 10);
        var batchSize = CliOptions.PositiveInt("--batch-size", "Mini-batch size.", 128);
        var seed = CliOptions.Seed();
        var threads = CliOptions.PositiveInt("--threads", "Worker threads (results do not depend on it).", Environment.ProcessorCount);
        var output = CliOptions.OutDirectory("runs/train", "the checkpoint, histories and plots");
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out (same model options required)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG/SVG plots." };
        var json = CliOptions.Json("test_accuracy, val_accuracy, train_seconds, epochs and more");

        var command = new Command("train", "Train a fully connected network; writes the checkpoint, the loss/accuracy/gradient-norm/learning-rate histories and their plots into --out.")
        {
            data, hidden, activation, norm, dropout, init, optimizer, lr, momentum, lrDecay, weightDecay, epochs, batchSize, seed, threads, output, resume, noPlots, json,
        };
        if (handler is not null)
            command.SetAction(p => handler(new TrainSettings(
                p.GetValue(data)!, CliOptions.GetPositiveInts(p, hidden), p.GetValue(activation)!, p.GetValue(norm)!, p.GetValue(dropout), p.GetValue(init)!,
                p.GetValue(optimizer)!, p.GetValue(lr), p.GetValue(momentum), p.GetValue(lrDecay), p.GetValue(weightDecay), p.GetValue(epochs),
                p.GetValue(batchSize), p.GetValue(seed), p.GetValue(threads), p.GetValue(output)!, p.GetValue(resume), !p.GetValue(noPlots), p.GetValue(json))));
        return command;
    }
}
