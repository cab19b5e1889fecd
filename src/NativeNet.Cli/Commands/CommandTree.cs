using System.CommandLine;
using System.CommandLine.Help;
using NativeNet.Cli.Bench;
using NativeNet.Cli.Console;

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
            // Commands whose runners arrive with the Solver, the data loaders and the layer registry get null
            // handlers here; their options, validation and help are complete.
            TrainCommand.Create(handler: null),
            EvalCommand.Create(handler: null),
            PlaygroundCommand.Create(context),
            ExperimentCommand.Create(handler: null),
            GradcheckCommand.Create(handler: null),
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
                }),
        };
    }
}
