using System.CommandLine;
using System.CommandLine.Help;
using NativeNet.Cli.Bench;
using NativeNet.Cli.Console;
using NativeNet.Cli.Experiments;
using NativeNet.Cli.Runners;

namespace NativeNet.Cli.Commands;

/// <summary>The <c>nativenet</c> command tree, bound to one <see cref="CliContext"/>.</summary>
internal static class CommandTree
{
    public const string Name = "nativenet";

    public static Command Build(CliContext context)
    {
        // A plain command rather than RootCommand, whose name would be the host executable's (testhost, NativeNet.Cli).
        return new Command(Name, "nativenet: train and study fully connected networks in pure managed .NET.")
        {
            new HelpOption(),
            new VersionOption(),
            TrainCommand.Create(settings => TrainRunner.Run(context, settings)),
            SweepCommand.Create(settings => SweepRunner.Run(context, settings)),
            EvalCommand.Create(settings => EvalRunner.Run(context, settings)),
            PredictCommand.Create(settings => PredictRunner.Run(context, settings)),
            ExportCommand.Create(settings => ExportRunner.Model(context, settings), settings => ExportRunner.PyTorch(context, settings),
                settings => ExportRunner.Onnx(context, settings)),
            PlaygroundCommand.Create(context),
            ExperimentCommand.Create(settings => ExperimentRunner.Run(context, settings)),
            GradcheckCommand.Create(settings => GradcheckRunner.Run(context, settings)),
            BenchCommand.Create(
                gemm: options =>
                {
                    GemmBench.Run(options, context.Out);
                    return Program.Success;
                },
                train: options =>
                {
                    TrainBench.Run(options, context.Out);
                    return Program.Success;
                },
                infer: options =>
                {
                    InferBench.Run(options, context.Out);
                    return Program.Success;
                },
                allReduce: options => AllReduceBench.Run(options, context)),
        };
    }
}
