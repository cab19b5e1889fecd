using System.Numerics;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Interop;
using NativeNet.Models;
using NativeNet.Onnx;

namespace NativeNet.Cli.Runners;

/// <summary>Runs <c>nativenet export model</c>, <c>export pytorch</c> and <c>export onnx</c> on a model file, checkpoint or <c>train --out</c> directory.</summary>
internal static class ExportRunner
{
    public static int Model(CliContext context, ExportSettings settings)
    {
        var source = ModelSource.Open(settings.Model, "export model");
        if (source.IsDouble) ModelFile.Save(source.Load<double>(), settings.Output, source.CarriedMetadata());
        else ModelFile.Save(source.Load<float>(), settings.Output, source.CarriedMetadata());
        context.Out.WriteLine($"wrote {Path.GetFullPath(settings.Output)}");
        return Program.Success;
    }

    public static int PyTorch(CliContext context, ExportSettings settings)
    {
        var source = ModelSource.Open(settings.Model, "export pytorch");
        var modules = source.IsDouble ? PyTorch(source.Load<double>(), settings.Output) : PyTorch(source.Load<float>(), settings.Output);
        context.Out.WriteLine($"wrote {Path.GetFullPath(settings.Output)}; it loads into:");
        context.Out.WriteLine("model = torch.nn.Sequential(");
        foreach (string module in modules) context.Out.WriteLine($"    {module},");
        context.Out.WriteLine(")");
        context.Out.WriteLine($"model.load_state_dict(safetensors.torch.load_file(\"{Path.GetFileName(settings.Output)}\"), strict=True)");
        return Program.Success;
    }

    public static int Onnx(CliContext context, ExportSettings settings)
    {
        var source = ModelSource.Open(settings.Model, "export onnx");
        if (source.IsDouble) OnnxExporter.Export(source.Load<double>(), settings.Output);
        else OnnxExporter.Export(source.Load<float>(), settings.Output);
        context.Out.WriteLine($"wrote {Path.GetFullPath(settings.Output)} (ONNX opset {OnnxExporter.Opset}; input 'features', output 'scores')");
        return Program.Success;
    }

    private static IReadOnlyList<string> PyTorch<T>(Sequential<T> model, string output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        PyTorchStateDict.Save(model, output);
        return PyTorchStateDict.Modules(model);
    }
}
