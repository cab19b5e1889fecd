using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Driver;
using NativeNet.Models;
using NativeNet.Tests.Optional;

namespace NativeNet.Tests.Distributed;

/// <summary>
/// The data-parallel reference run under <c>mpiexec</c>: 1, 2 and 4 ranks (4 oversubscribe a 2-core machine) must end
/// with the same parameter bits on every rank, equal to the same run computed in this process without MPI, with and
/// without (synchronized) batch normalization.
/// </summary>
public sealed class MpiReproducibilityTests
{
    private const int Shards = 8;

    private static readonly string Driver = MpiRun.Program("NativeNet.Distributed.Driver.dll");

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parameters_are_bit_identical_on_1_2_and_4_ranks(bool batchNorm)
    {
        OptionalDependency.RequireMpi();
        byte[] expected = ReferenceRun.Train(new SingleProcessCommunicator(), Shards, normalization: batchNorm ? Normalization.Batch : Normalization.None);
        var directory = Directory.CreateTempSubdirectory("nativenet-mpi-");
        try
        {
            foreach (int ranks in new[] { 1, 2, 4 })
            {
                string outDir = Path.Combine(directory.FullName, $"p{ranks}");
                string[] driver = [MpiRun.Dotnet, Driver, Shards.ToString(), outDir, .. batchNorm ? new[] { "batch-norm" } : []];
                var (code, printed) = MpiRun.Exec(["-n", ranks.ToString(), .. driver]);
                Assert.True(code == 0, $"mpiexec -n {ranks} failed ({code}):\n{printed}");
                for (int rank = 0; rank < ranks; rank++)
                    Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, $"rank{rank}.bin"))),
                        $"rank {rank} of {ranks} ended with other parameters than the single-process run");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Ranks_with_different_shard_counts_stop_at_the_start_naming_the_rank()
    {
        OptionalDependency.RequireMpi();
        var directory = Directory.CreateTempSubdirectory("nativenet-mpi-");
        try
        {
            var (code, printed) = MpiRun.Exec("-n", "1", MpiRun.Dotnet, Driver, "8", directory.FullName, ":", "-n", "1", MpiRun.Dotnet, Driver, "4", directory.FullName);
            Assert.NotEqual(0, code);
            Assert.Contains("ranks disagree on the shard count and initial model state: rank 1 differs from rank 0", printed);
            Assert.Empty(Directory.GetFiles(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
