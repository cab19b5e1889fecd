using System.CommandLine;
using NativeNet.Cli.Bench;
using NativeNet.Cli.Console;

namespace NativeNet.Cli.Commands;

/// <summary>The <c>nativenet</c> command tree, bound to one <see cref="CliContext"/>.</summary>
internal static class CommandTree
{
    public static RootCommand Build(CliContext context)
    {
        // Commands whose runners arrive with the Solver, the data loaders and the layer registry get null handlers
        // here; their options, validation and help are complete.
        return new RootCommand("nativenet: train and study fully connected networks in pure managed .NET.")
        {
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
                train: null),
        };
    }
}
