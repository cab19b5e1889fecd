using System.CommandLine;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet experiment NAME</c>: one reproducible study each, writing plots and a summary table.</summary>
internal static class ExperimentCommand
{
    public static readonly string[] Names = ["batchnorm", "init", "optimizers", "vanishing-gradients", "lr-sweep", "regularization"];

    /// <param name="handler">Runs an experiment; null leaves the command without a runner.</param>
    public static Command Create(Func<ExperimentSettings, int>? handler)
    {
        var name = new Argument<string>("NAME")
        {
            HelpName = CliOptions.ChoicesHelpName(Names),
            Description = "batchnorm (with vs without batch normalization), init (initializations compared), optimizers (every rule on one network), " +
                          "vanishing-gradients (per-layer gradient norms, sigmoid vs relu), lr-sweep (final accuracy against learning rate), " +
                          "regularization (SGD with weight decay, L1 or L2, whose weight decay and ½-convention L2 give identical parameters; Adam with coupled decay or L2 against AdamW).",
        };
        name.AcceptOnlyFromAmong(Names);
        var output = CliOptions.OutDirectory("runs/experiment", "plots and the summary table");
        var seed = CliOptions.Seed("Seed; the same seed reproduces the same plots and table.");
        var epochs = CliOptions.PositiveInt("--epochs", "Epochs per training run.", 10);
        var json = CliOptions.Json("the summary");
        var command = new Command("experiment", "Run one study on the embedded digits and write its plots and summary table.") { name, output, seed, epochs, json };
        if (handler is not null)
            command.SetAction(p => handler(new ExperimentSettings(p.GetValue(name)!, p.GetValue(output)!, p.GetValue(seed), p.GetValue(epochs), p.GetValue(json))));
        return command;
    }
}
