using System.CommandLine;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet eval</c>: loads a checkpoint and reports accuracy, per-class accuracy and the confusion matrix.</summary>
internal static class EvalCommand
{
    /// <param name="handler">Runs an evaluation; null leaves the command without a runner.</param>
    public static Command Create(Func<EvalSettings, int>? handler)
    {
        var checkpoint = new Argument<string>("CHECKPOINT") { Description = "A checkpoint file written by train (or the --out directory holding it)." };
        var data = new Option<DataSpec?>("--data") { Description = "Dataset to evaluate on (default: the one the checkpoint was trained on): " + DataSpec.HelpText + ".", HelpName = "SPEC", CustomParser = DataSpec.Parse };
        var batchSize = CliOptions.PositiveInt("--batch-size", "Evaluation batch size.", 1000);
        var json = CliOptions.Json("accuracy, per_class_accuracy and confusion_matrix");
        var command = new Command("eval", "Evaluate a checkpoint on the test set: accuracy, per-class accuracy and the confusion matrix (a regression: R², MSE and MAE).") { checkpoint, data, batchSize, json };
        if (handler is not null)
            command.SetAction(p => handler(new EvalSettings(p.GetValue(checkpoint)!, p.GetValue(data), p.GetValue(batchSize), p.GetValue(json))));
        return command;
    }
}
