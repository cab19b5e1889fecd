using System.CommandLine;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet experiment NAME</c>: one reproducible study each, writing plots and a summary table.</summary>
internal static class ExperimentCommand
{
    public static readonly string[] Names = ["batchnorm", "init", "optimizers", "vanishing-gradients", "lr-sweep", "regularization", "overfit", "batch-size"];

    /// <summary>Epochs per run when --epochs is left out: 10, except overfit, whose few samples take one or a few steps an epoch.</summary>
    public const int DefaultEpochs = 10;

    /// <summary>The overfit study's default epochs.</summary>
    public const int DefaultOverfitEpochs = 100;

    /// <summary>The overfit study's default training subset.</summary>
    public const int DefaultSamples = 50;

    /// <summary>The batch-size study's default seeds per configuration.</summary>
    public const int DefaultSeeds = 3;

    /// <summary>The batch-size study's default agreement tolerance (training accuracy, as a fraction).</summary>
    public const double DefaultTolerance = 0.01;

    /// <param name="handler">Runs an experiment; null leaves the command without a runner.</param>
    public static Command Create(Func<ExperimentSettings, int>? handler)
    {
        var name = new Argument<string>("NAME")
        {
            HelpName = CliOptions.ChoicesHelpName(Names),
            Description = "batchnorm (with vs without batch normalization), init (initializations compared), optimizers (every rule on one network), " +
                          "vanishing-gradients (per-layer gradient norms, sigmoid vs relu), lr-sweep (final accuracy against learning rate), " +
                          "regularization (SGD with weight decay, L1 or L2, whose weight decay and ½-convention L2 give identical parameters; Adam with coupled decay or L2 against AdamW), " +
                          "overfit (a small MLP driven to 100 % training accuracy on a tiny subset, the classic sanity check), " +
                          "batch-size (batch size 16, 64, 256 × momentum 0 and 0.9 over --seeds seeds).",
        };
        name.AcceptOnlyFromAmong(Names);
        var output = CliOptions.OutDirectory("runs/experiment", "plots and the summary table");
        var seed = CliOptions.Seed("Seed; the same seed reproduces the same plots and table.");
        var epochs = CliOptions.OptionalPositiveInt("--epochs", $"Epochs per training run (default {DefaultEpochs}; overfit {DefaultOverfitEpochs}).");
        var json = CliOptions.Json("the summary");
        var samples = CliOptions.PositiveInt("--samples", "overfit: how many training samples (the first ones) to drive to 100 % training accuracy.", DefaultSamples);
        var seeds = CliOptions.PositiveInt("--seeds", "batch-size: seeds per configuration (--seed, --seed + 1, ...).", DefaultSeeds);
        var tolerance = CliOptions.NonNegative("--tolerance",
            "batch-size: configurations whose mean final training accuracy lies within this of the best one's agree with it.", DefaultTolerance);
        var command = new Command("experiment", "Run one study on the embedded digits and write its plots and summary table.")
        {
            name, output, seed, epochs, json, samples, seeds, tolerance,
        };
        if (handler is not null)
            command.SetAction(p =>
            {
                string experiment = p.GetValue(name)!;
                int runEpochs = p.GetValue(epochs) ?? (experiment == "overfit" ? DefaultOverfitEpochs : DefaultEpochs);
                return handler(new ExperimentSettings(experiment, p.GetValue(output)!, p.GetValue(seed), runEpochs, p.GetValue(json),
                    p.GetValue(samples), p.GetValue(seeds), p.GetValue(tolerance)));
            });
        return command;
    }
}
