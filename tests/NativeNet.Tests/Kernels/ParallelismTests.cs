using NativeNet.Kernels;

namespace NativeNet.Tests.Kernels;

[Collection(nameof(KernelSettingsCollection))]
public sealed class ParallelismTests : IDisposable
{
    private readonly int _threads = Parallelism.ThreadCount;

    public void Dispose() => Parallelism.ThreadCount = _threads;

    private unsafe struct CountingWork : IPartitionedWork
    {
        public int* Counts;
        public bool Nested;
        public int ThrowAt;

        public void Execute(int partition)
        {
            if (partition == ThrowAt)
                throw new InvalidOperationException($"partition {partition} failed");
            Interlocked.Increment(ref Counts[partition]);
            if (Nested)
            {
                var inner = new CountingWork { Counts = Counts + 1000 + partition * 4, ThrowAt = -1 };
                Parallelism.Run(ref inner, 4);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public unsafe void EveryPartitionRunsOnceIncludingNestedRuns(int threads)
    {
        Parallelism.ThreadCount = threads;
        var counts = new int[1000 + 64 * 4];
        fixed (int* p = counts)
        {
            var work = new CountingWork { Counts = p, Nested = true, ThrowAt = -1 };
            Parallelism.Run(ref work, 64);
        }
        Assert.All(counts.AsSpan(0, 64).ToArray(), c => Assert.Equal(1, c));
        Assert.All(counts.AsSpan(1000).ToArray(), c => Assert.Equal(1, c));
    }

    [Fact]
    public unsafe void ExceptionInAPartitionReachesTheCaller()
    {
        Parallelism.ThreadCount = 2;
        var counts = new int[100];
        fixed (int* p = counts)
        {
            var work = new CountingWork { Counts = p, ThrowAt = 37 };
            var ex = Assert.Throws<InvalidOperationException>(() => Parallelism.Run(ref work, 100));
            Assert.Contains("37", ex.Message);
            // The pool still works afterwards.
            var ok = new CountingWork { Counts = p, ThrowAt = -1 };
            Array.Clear(counts);
            Parallelism.Run(ref ok, 100);
        }
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public unsafe void BackToBackShortJobsRunEachPartitionOnceWithLateWorkers(int threads)
    {
        // Many tiny jobs in a row: workers wake late, join a job that is already closed or the next one, and must
        // never run a partition twice, run one of another job, or leave one out.
        Parallelism.ThreadCount = threads;
        const int jobs = 20_000;
        var counts = new int[jobs * 3];
        fixed (int* p = counts)
        {
            for (int j = 0; j < jobs; j++)
            {
                var work = new CountingWork { Counts = p + j * 3, ThrowAt = -1 };
                Parallelism.Run(ref work, 1 + j % 3);
            }
        }
        for (int j = 0; j < jobs; j++)
            for (int q = 0; q < 3; q++)
                Assert.Equal(q < 1 + j % 3 ? 1 : 0, counts[j * 3 + q]);
    }

    [Fact]
    public void ThreadCountRejectsLessThanOne()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.ThreadCount = 0);
}
