using System.CommandLine;

namespace NativeNet.Cli.Commands;

/// <summary>
/// <c>nativenet export</c>: <c>model</c> writes a weights-only model file (from a checkpoint), <c>pytorch</c> a
/// PyTorch state dict that <c>torch.nn.Sequential.load_state_dict(strict=True)</c> accepts, <c>onnx</c> an ONNX model.
/// </summary>
internal static class ExportCommand
{
    /// <param name="model">Writes a model file; null leaves the subcommand without a runner.</param>
    /// <param name="pytorch">Writes a PyTorch state dict; null leaves the subcommand without a runner.</param>
    /// <param name="onnx">Writes an ONNX model; null leaves the subcommand without a runner.</param>
    public static Command Create(Func<ExportSettings, int>? model, Func<ExportSettings, int>? pytorch, Func<ExportSettings, int>? onnx)
    {
        return new Command("export", "Write a saved model in another form: a weights-only model file, a PyTorch state dict, or an ONNX model.")
        {
            Subcommand("model", "Write a model file: the architecture and the weights, without optimizer state or histories (what predict and ModelFile.Load need).",
                "model.safetensors", model),
            Subcommand("pytorch", "Write a PyTorch state dict (safetensors; Linear weights (out, in), BatchNorm1d and LayerNorm under PyTorch's names) and print the torch.nn.Sequential it loads into.",
                "model.pytorch.safetensors", pytorch),
            Subcommand("onnx", "Write an ONNX model (opset 17; input 'features', output 'scores') for ONNX Runtime, ML.NET or a browser runtime.",
                "model.onnx", onnx),
        };
    }

    private static Command Subcommand(string name, string description, string defaultOutput, Func<ExportSettings, int>? handler)
    {
        var source = new Argument<string>("MODEL") { Description = "A model file, a checkpoint, or a train --out directory (its model file, else its checkpoint)." };
        var output = new Option<string>("--output") { Description = "The file to write.", HelpName = "FILE", DefaultValueFactory = _ => defaultOutput };
        var command = new Command(name, description) { source, output };
        if (handler is not null) command.SetAction(p => handler(new ExportSettings(p.GetValue(source)!, p.GetValue(output)!)));
        return command;
    }
}
