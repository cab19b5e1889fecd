using System.CommandLine;
using NativeNet.Cli.Predictions;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet predict</c>: the classes (and probabilities) a saved model predicts for a dataset or a feature file.</summary>
internal static class PredictCommand
{
    /// <param name="handler">Runs the predictions; null leaves the command without a runner.</param>
    public static Command Create(Func<PredictSettings, int>? handler)
    {
        var model = new Argument<string>("MODEL") { Description = $"A model file, a checkpoint, or a train --out directory (its model file, else its checkpoint)." };
        var data = new Option<DataSpec?>("--data") { Description = "Predict the test split of a dataset, preprocessed as train preprocesses it: " + DataSpec.HelpText + ".", HelpName = "SPEC", CustomParser = DataSpec.Parse };
        var features = new Option<string?>("--features") { Description = "Predict the rows of an .npy file (float32 or float64, one sample per row), used as given: no preprocessing.", HelpName = "FILE" };
        var output = new Option<string?>("--output") { Description = $"Write the predictions to FILE, in the format its extension names: {PredictionFormat.HelpText}. Default: CSV on standard output.", HelpName = "FILE" };
        var probabilities = new Option<bool>("--probabilities") { Description = "Also write each class's softmax probability." };
        var batchSize = CliOptions.PositiveInt("--batch-size", "Samples per prediction batch.", 1000);
        var command = new Command("predict", "Predict classes (and with --probabilities, class probabilities), or a regression's values, with a saved model.") { model, data, features, output, probabilities, batchSize };
        command.Validators.Add(r =>
        {
            if ((r.GetResult(data) is null) == (r.GetResult(features) is null)) r.AddError("predict needs exactly one of --data and --features");
        });
        if (handler is not null)
            command.SetAction(p => handler(new PredictSettings(p.GetValue(model)!, p.GetValue(data), p.GetValue(features), p.GetValue(output),
                p.GetValue(probabilities), p.GetValue(batchSize))));
        return command;
    }
}
