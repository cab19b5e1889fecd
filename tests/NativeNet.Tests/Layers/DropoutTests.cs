using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void ConventionsExpressTheSameLayer()
    {
        var drop = Dropout<float>.WithDropProbability(0.3, new Rng(1));
        var keep = Dropout<float>.WithKeepProbability(0.7, new Rng(1));
        var named = new Dropout<float>(0.3, DropoutConvention.DropProbability, new Rng(1));
        Assert.Equal(0.3, drop.DropProbability, 12);
        Assert.Equal(0.3, keep.DropProbability, 12);
        Assert.Equal(0.7, named.KeepProbability, 12);
        var x = NdArray<float>.Full(1f, 50, 40);
        Assert.Equal(drop.Forward(x, true).ToArray(), keep.Forward(x, true).ToArray());
    }

    [Fact]
    public void ZeroDropIsIdentityInTraining()
    {
        var layer = Dropout<double>.WithDropProbability(0, new Rng(2));
        var x = NdArray<double>.RandomNormal(new Rng(3), 0.0, 1.0, 4, 5);
        Assert.Equal(x.ToArray(), layer.Forward(x, true).ToArray());
        var dy = NdArray<double>.RandomNormal(new Rng(4), 0.0, 1.0, 4, 5);
        Assert.Equal(dy.ToArray(), layer.Backward(dy).ToArray());
        Assert.Equal(x.ToArray(), Dropout<double>.WithKeepProbability(1, new Rng(2)).Forward(x, true).ToArray());
    }

    [Fact]
    public void EvaluationIsIdentity()
    {
        var layer = Dropout<double>.WithDropProbability(0.5, new Rng(5));
        var x = NdArray<double>.RandomNormal(new Rng(6), 0.0, 1.0, 4, 5);
        Assert.Equal(x.ToArray(), layer.Forward(x, false).ToArray());
        var dy = NdArray<double>.RandomNormal(new Rng(7), 0.0, 1.0, 4, 5);
        Assert.Equal(dy.ToArray(), layer.Backward(dy).ToArray());
    }

    [Fact]
    public void InvertedScalingKeepsTheMeanAndDropsTheRightFraction()
    {
        var layer = Dropout<double>.WithDropProbability(0.25, new Rng(8));
        var x = NdArray<double>.Full(1.0, 200, 500);
        var y = layer.Forward(x, true).ToArray();
        double dropped = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(dropped, 0.24, 0.26);
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.75) < 1e-12));
        Assert.InRange(y.Average(), 0.98, 1.02);
    }

    [Fact]
    public void SameSeedSameMasksAndFreshMaskPerForward()
    {
        var x = NdArray<float>.Full(1f, 10, 30);
        var a = Dropout<float>.WithDropProbability(0.5, new Rng(9));
        var b = Dropout<float>.WithDropProbability(0.5, new Rng(9));
        var first = a.Forward(x, true).ToArray();
        Assert.Equal(first, b.Forward(x, true).ToArray());
        Assert.NotEqual(first, a.Forward(x, true).ToArray());
    }

    [Fact]
    public void BackwardUsesTheForwardMask()
    {
        var layer = Dropout<double>.WithDropProbability(0.4, new Rng(10));
        var x = NdArray<double>.RandomNormal(new Rng(11), 0.0, 1.0, 6, 7);
        var y = layer.Forward(x, true).Clone();
        var dy = NdArray<double>.RandomNormal(new Rng(12), 0.0, 1.0, 6, 7);
        var dx = layer.Backward(dy);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(y[i] == 0 ? 0 : dy[i] / 0.6, dx[i], 12);
        Assert.Equal(layer.Mask!.ToArray().Select((m, i) => m * dy[i]), dx.ToArray());
    }

    [Fact]
    public void GradientCheckWithFrozenMask()
    {
        var layer = Dropout<double>.WithDropProbability(0.3, new Rng(13));
        layer.FreezeMask = true;
        var x = NdArray<double>.RandomNormal(new Rng(14), 0.0, 1.0, 4, 5);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(15));
        Assert.True(result.Passes(1e-7), result.ToString());
    }

    [Theory]
    [InlineData(1.0, DropoutConvention.DropProbability)]
    [InlineData(-0.1, DropoutConvention.DropProbability)]
    [InlineData(0.0, DropoutConvention.KeepProbability)]
    [InlineData(double.NaN, DropoutConvention.KeepProbability)]
    public void InvalidProbabilityIsRejected(double p, DropoutConvention convention)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout<float>(p, convention, new Rng(1)));
        Assert.Contains(convention == DropoutConvention.DropProbability ? "drop" : "keep", ex.Message);
    }

    [Fact]
    public void BulkDrawsMatchSingleDraws()
    {
        // Dropout draws masks with Rng.FillUInt64, which must continue the NextUInt64 sequence exactly.
        var a = new Rng(17);
        var b = new Rng(17);
        var bulk = new ulong[5];
        a.FillUInt64(bulk);
        Assert.Equal(Enumerable.Range(0, 5).Select(_ => b.NextUInt64()), bulk);
        Assert.Equal(b.NextUInt64(), a.NextUInt64());
    }

    [Fact]
    public void OddLengthsAndDoubleMasksKeepTheRightFraction()
    {
        var layer = Dropout<double>.WithKeepProbability(0.8, new Rng(18));
        var y = layer.Forward(NdArray<double>.Full(1.0, 3, 333), true).ToArray();
        Assert.InRange(y.Count(v => v == 0) / (double)y.Length, 0.16, 0.24);
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1.25) < 1e-12));
    }

    [Fact]
    public void MasksAreKeyedBySampleSoASplitMinibatchDrawsTheSameMasks()
    {
        var x = NdArray<float>.Full(1f, 10, 37);
        var whole = Dropout<float>.WithDropProbability(0.5, new Rng(21));
        float[] expected = whole.Forward(x, true).ToArray();

        // The key a forward takes from the generator, handed to two parts of the minibatch.
        var split = Dropout<float>.WithDropProbability(0.5, new Rng(21));
        ulong key = split.RandomSource!.NextUInt64();
        split.KeyNextMask(key, 0);
        float[] head = split.Forward(x.Slice(0, 4), true).ToArray();
        split.KeyNextMask(key, 4);
        float[] tail = split.Forward(x.Slice(4, 6), true).ToArray();
        Assert.Equal(expected, head.Concat(tail).ToArray());

        // The generators advanced alike, and a key serves one forward only.
        Assert.Equal(whole.Forward(x, true).ToArray(), split.Forward(x, true).ToArray());
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        var layer = Dropout<float>.WithDropProbability(0.5, new Rng(16));
        var x = NdArray<float>.Full(1f, 16, 32);
        var dy = NdArray<float>.Full(1f, 16, 32);
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { layer.Forward(x, true); layer.Backward(dy); }));
    }
}
