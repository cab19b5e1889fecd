using NativeNet.Cli.Console;
using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Mpi;

namespace NativeNet.Cli.Runners;

/// <summary>
/// How the commands that run on every rank of an MPI job (train, sweep, bench allreduce) start and stop together: an
/// error on one rank ends them all at once, since the others would wait for it until their timeout.
/// </summary>
internal static class EveryRank
{
    /// <summary>
    /// Runs <paramref name="body"/> in this process's world: MPI when started by mpiexec, else one process. An error on
    /// any rank of several ends every rank (<see cref="Stop"/>).
    /// </summary>
    public static int Run(CliContext context, Func<ICommunicator, int> body)
    {
        using ICommunicator world = MpiLaunch.IsLaunched ? MpiCommunicator.Initialize() : new SingleProcessCommunicator();
        try
        {
            return body(world);
        }
        catch (Exception e) when (world.Size > 1)
        {
            return Stop(context, world, e);
        }
    }

    /// <summary>
    /// Prints <paramref name="e"/> as <c>error: rank R of P: …</c> and ends every rank of <paramref name="world"/>.
    /// Rank 0 writes its files atomically, so the last checkpoint saved stays intact.
    /// </summary>
    public static int Stop(CliContext context, ICommunicator world, Exception e)
    {
        var (code, message) = Program.Describe(e);
        context.Error.WriteLine($"error: rank {world.Rank} of {world.Size}: {message}");
        context.Error.Flush();
        world.Abort(code);
        return code;
    }
}
