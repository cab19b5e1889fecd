using NativeNet.Tensors;

namespace NativeNet.Tests.Tensors;

public class RngTests
{
    [Fact]
    public void SameSeedSameSequenceDifferentSeedDifferent()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        var c = new Rng(43);
        for (int i = 0; i < 1000; i++)
        {
            ulong x = a.NextUInt64();
            Assert.Equal(x, b.NextUInt64());
            Assert.NotEqual(x, c.NextUInt64());
        }
    }

    [Fact]
    public void MatchesReferenceXoshiro256StarStarSeededBySplitMix64()
    {
        // An independent transcription of the published algorithms: saved experiments depend on this sequence.
        ulong x = 12345;
        ulong[] s = [Mix(ref x), Mix(ref x), Mix(ref x), Mix(ref x)];
        var rng = new Rng(12345);
        for (int i = 0; i < 20; i++)
        {
            ulong result = ulong.RotateLeft(s[1] * 5, 7) * 9;
            ulong t = s[1] << 17;
            s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
            s[3] = ulong.RotateLeft(s[3], 45);
            Assert.Equal(result, rng.NextUInt64());
        }

        static ulong Mix(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    [Fact]
    public void StreamsDoNotDependOnWhichThreadDrawsThem()
    {
        const int streams = 8, draws = 1000;
        var sequential = new double[streams * draws];
        for (int s = 0; s < streams; s++)
        {
            var rng = Rng.ForStream(7, (ulong)s);
            for (int i = 0; i < draws; i++) sequential[s * draws + i] = rng.NextNormal();
        }
        foreach (int threads in new[] { 1, 2, 3, 8 })
        {
            var parallel = new double[streams * draws];
            Parallel.For(0, streams, new ParallelOptions { MaxDegreeOfParallelism = threads }, s =>
            {
                var rng = Rng.ForStream(7, (ulong)s);
                for (int i = 0; i < draws; i++) parallel[s * draws + i] = rng.NextNormal();
            });
            Assert.Equal(sequential, parallel);
        }
        Assert.NotEqual(Rng.ForStream(7, 0).NextUInt64(), Rng.ForStream(7, 1).NextUInt64());
    }

    [Fact]
    public void ReseedRestartsAsTheStreamWouldStart()
    {
        var rng = new Rng(3);
        rng.NextNormal();
        rng.Reseed(7, 5);
        var fresh = Rng.ForStream(7, 5);
        Assert.Equal(fresh.GetState(), rng.GetState());
        Assert.Equal(fresh.NextNormal(), rng.NextNormal());
    }

    [Fact]
    public void UniformMomentsAndRange()
    {
        var rng = new Rng(3);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            Assert.InRange(u, 0.0, 1.0 - double.Epsilon);
            sum += u; sumSq += u * u;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.InRange(mean, 0.5 - 0.005, 0.5 + 0.005);
        Assert.InRange(variance, 1.0 / 12 * 0.98, 1.0 / 12 * 1.02);
        var floats = new float[n];
        rng.FillUniform<float>(floats, -2f, 3f);
        Assert.All(floats, f => Assert.InRange(f, -2f, 3f));
        Assert.InRange(floats.Average(), 0.5 - 0.03, 0.5 + 0.03);
    }

    [Fact]
    public void NormalMomentsMatchStandardNormal()
    {
        var rng = new Rng(5);
        const int n = 200_000;
        var x = new double[n];
        rng.FillNormal<double>(x, 1.0, 2.0);
        double mean = x.Average();
        double variance = x.Select(v => (v - mean) * (v - mean)).Sum() / n;
        double skew = x.Select(v => Math.Pow((v - mean) / Math.Sqrt(variance), 3)).Average();
        double kurtosis = x.Select(v => Math.Pow((v - mean) / Math.Sqrt(variance), 4)).Average();
        Assert.InRange(mean, 1 - 0.02, 1 + 0.02);
        Assert.InRange(Math.Sqrt(variance), 2 * 0.99, 2 * 1.01);
        Assert.InRange(skew, -0.03, 0.03);
        Assert.InRange(kurtosis, 3 - 0.06, 3 + 0.06);
    }

    [Fact]
    public void NextIntIsUnbiasedAndInRange()
    {
        var rng = new Rng(9);
        var counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[rng.NextInt(10)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    [Fact]
    public void StateRoundTripContinuesBitIdentically()
    {
        var rng = new Rng(11);
        rng.NextNormal(); // leaves a spare normal in the state
        var state = rng.GetState();
        var expected = Enumerable.Range(0, 10).Select(_ => rng.NextNormal()).ToArray();
        var restored = new Rng(0);
        restored.SetState(state);
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(_ => restored.NextNormal()).ToArray());
        Assert.Throws<ArgumentException>(() => restored.SetState(new ulong[3]));
        Assert.Throws<ArgumentException>(() => restored.SetState(new ulong[6]));
    }

    [Fact]
    public void ShuffleIsAPermutationAndSeeded()
    {
        var a = Enumerable.Range(0, 100).ToArray();
        var b = Enumerable.Range(0, 100).ToArray();
        new Rng(1).Shuffle<int>(a);
        new Rng(1).Shuffle<int>(b);
        Assert.Equal(a, b);
        Assert.NotEqual(Enumerable.Range(0, 100), a);
        Assert.Equal(Enumerable.Range(0, 100), a.OrderBy(v => v));
    }
}
