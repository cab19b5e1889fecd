namespace NativeNet.Kernels;

/// <summary>
/// A piece of work split into a fixed number of independent partitions, run by <see cref="Parallelism.Run{TWork}(ref TWork, int)"/>.
/// Implement it on a struct so the call inlines and nothing is allocated; a partition must not depend on which
/// thread runs it, so results are identical for any thread count.
/// </summary>
public interface IPartitionedWork
{
    /// <summary>Runs partition <paramref name="partition"/> (0 ≤ partition &lt; the partition count given to Run).</summary>
    void Execute(int partition);
}
