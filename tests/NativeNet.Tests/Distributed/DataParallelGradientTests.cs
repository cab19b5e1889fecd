using NativeNet.Distributed.Communication;
using NativeNet.Distributed.Driver;
using NativeNet.Distributed.Training;
using NativeNet.Models;
using Xunit.Abstractions;

namespace NativeNet.Tests.Distributed;

public sealed class DataParallelGradientTests(ITestOutputHelper output)
{
    [Fact]
    public void One_shard_in_one_process_has_the_bits_of_the_plain_solver()
    {
        // Without dropout: the plain solver draws its masks straight from the layer's generator, the shards per step key.
        byte[] plain = ReferenceRun.Train(null, shards: 1, dropout: 0);
        byte[] sharded = ReferenceRun.Train(new SingleProcessCommunicator(), shards: 1, dropout: 0);
        Assert.Equal(plain, sharded);
    }

    [Fact]
    public void More_shards_change_the_rounding_but_not_what_is_learned()
    {
        byte[] plain = ReferenceRun.Train(null, shards: 1, dropout: 0);
        byte[] eight = ReferenceRun.Train(new SingleProcessCommunicator(), shards: 8, dropout: 0);
        byte[] four = ReferenceRun.Train(new SingleProcessCommunicator(), shards: 4, dropout: 0);
        Assert.Equal(plain.Length, eight.Length);
        var a = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(plain.AsSpan(0, plain.Length - 8 * 42));
        var b = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(eight.AsSpan(0, eight.Length - 8 * 42));
        int differing = 0;
        double largest = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) differing++;
            largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
        }
        output.WriteLine($"plain solver vs 8 shards after 42 steps: {differing} of {a.Length} values differ, by at most {largest:g3}");
        Assert.True(largest < 1e-3, $"8 shards drifted from the plain solver by {largest}");
        Assert.NotEqual(eight, four);
    }

    [Fact]
    public void Batch_normalization_is_refused_naming_the_layer()
    {
        var model = FullyConnectedNet.Build<float>(new FullyConnectedNetSpec { InputSize = 4, HiddenSizes = [3], Normalization = Normalization.Batch });
        var error = Assert.Throws<ArgumentException>(() => new DataParallelGradient<float>(new SingleProcessCommunicator(), model, 4));
        Assert.Contains("'bn1'", error.Message);
    }
}
