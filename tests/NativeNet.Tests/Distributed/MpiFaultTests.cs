using System.Diagnostics;
using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Driver;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Distributed;

/// <summary>
/// A rank that fails or dies mid-run under <c>mpiexec</c>: every rank must end within the driver's 60 s timeout with a
/// clear error, and rank 0's checkpoint must be the one of the last completed epoch, intact.
/// </summary>
public sealed class MpiFaultTests
{
    private const int Shards = 8;

    // 21 steps per epoch (20 full minibatches and a partial one): step 30 is in the second epoch.
    private const int FailingStep = 30;

    private static readonly string Driver = MpiRun.Program("NativeNet.Distributed.Driver.dll");

    [SkippableTheory]
    [InlineData("throw", "error: rank 1: injected read failure on rank 1 at step 30")]
    [InlineData("exit", null)]
    public void A_failing_rank_ends_every_rank_and_leaves_the_last_epochs_checkpoint(string fault, string? error)
    {
        OptionalDependency.RequireMpi();
        var directory = Directory.CreateTempSubdirectory("nativenet-mpi-");
        try
        {
            string expected = Path.Combine(directory.FullName, "epoch1.safetensors");
            ReferenceRun.Train(new SingleProcessCommunicator(), Shards, epochs: 1, checkpoint: expected);

            string outDir = Path.Combine(directory.FullName, "faulty");
            var clock = Stopwatch.StartNew();
            var (code, printed) = MpiRun.Exec("-n", "2", MpiRun.Dotnet, Driver, Shards.ToString(), outDir, "1", FailingStep.ToString(), fault);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"the ranks took {clock.Elapsed.TotalSeconds:F0} s to stop:\n{printed}");
            Assert.True(code != 0, printed);
            // A thrown error is printed by its rank before MPI_Abort. A rank that dies without a word makes MPICH's
            // mpiexec kill the others and exit with a code of the ended ranks: the dead rank's 3, or, when it reports
            // the survivor it killed first, SIGKILL's 9. Another launcher that leaves them running gets rank 0's
            // timeout error instead.
            if (error is not null) Assert.Contains(error, printed);
            else Assert.True(code == 3 || (code == 9 && printed.Contains("Killed (signal 9)", StringComparison.Ordinal))
                || printed.Contains("did not complete within", StringComparison.Ordinal), $"exit code {code}:\n{printed}");
            Assert.False(File.Exists(Path.Combine(outDir, "rank0.bin")), "rank 0 finished training although rank 1 failed");
            Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(Path.Combine(outDir, "checkpoint.safetensors")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
