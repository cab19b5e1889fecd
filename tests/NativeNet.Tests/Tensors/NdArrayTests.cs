using NativeNet.Tensors;

namespace NativeNet.Tests.Tensors;

public class NdArrayTests
{
    private static NdArray<double> Range(params int[] shape)
    {
        var a = new NdArray<double>(shape);
        for (int i = 0; i < a.Length; i++) a[i] = i;
        return a;
    }

    [Fact]
    public void ShapeMismatchNamesBothShapes()
    {
        var a = NdArray<float>.Zeros(2, 3);
        var b = NdArray<float>.Zeros(3, 2);
        var ex = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(3, 2)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => a.AddInPlace(b));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(3, 2)", ex.Message);
    }

    [Fact]
    public void FactoriesFillAndCheckCounts()
    {
        Assert.All(NdArray<float>.Zeros(3, 4).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(NdArray<double>.Full(2.5, 2, 2).ToArray(), v => Assert.Equal(2.5, v));
        var m = NdArray<double>.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new[] { 2, 3 }, m.Shape.ToArray());
        Assert.Equal(6.0, m[1, 2]);
        var ex = Assert.Throws<ArgumentException>(() => NdArray<float>.FromArray(new float[5], 2, 3));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Throws<ArgumentException>(() => new NdArray<float>(2, -1));
        Assert.Equal(new[] { 2 }, NdArray<double>.FromArray([1.0, 2.0]).Shape.ToArray());
    }

    [Fact]
    public unsafe void NewArraysStartOnACacheLine()
    {
        // Many small arrays, so that the allocator's own placement (8 bytes apart at least) meets every offset in a line.
        for (int length = 0; length < 40; length++)
        {
            var f = new NdArray<float>(length);
            var d = NdArray<double>.Zeros(2, length);
            Assert.Equal(0, (nint)f.Pointer % 64);
            Assert.Equal(0, (nint)d.Pointer % 64);
            Assert.Equal(length, f.Span.Length);
            Assert.All(d.ToArray(), v => Assert.Equal(0.0, v));
        }
        var big = NdArray<float>.Full(1f, 3, 1000);
        Assert.Equal(0, (nint)big.Pointer % 64);
        Assert.Equal(3000f, big.Sum());
    }

    [Fact]
    public void ReshapeAndFlattenShareStorage()
    {
        var a = Range(2, 3, 4);
        var flat = a.Flatten2D();
        Assert.Equal(new[] { 2, 12 }, flat.Shape.ToArray());
        flat[1, 0] = -1;
        Assert.Equal(-1.0, a[1, 0, 0]);
        var inferred = a.Reshape(-1, 4);
        Assert.Equal(new[] { 6, 4 }, inferred.Shape.ToArray());
        Assert.True(inferred.SharesStorageWith(a));
        var ex = Assert.Throws<ArgumentException>(() => a.Reshape(5, 5));
        Assert.Contains("(2, 3, 4)", ex.Message);
        Assert.Contains("(5, 5)", ex.Message);
        Assert.Throws<ArgumentException>(() => a.Reshape(-1, -1));
        Assert.Equal(24, a.Ravel().Length);
    }

    [Fact]
    public void SliceIsAMinibatchViewWithoutCopy()
    {
        var a = Range(5, 2);
        var batch = a.Slice(1, 3);
        Assert.Equal(new[] { 3, 2 }, batch.Shape.ToArray());
        Assert.Equal(2.0, batch[0, 0]);
        batch[2, 1] = 100;
        Assert.Equal(100.0, a[3, 1]);
        var row = a.Row(4);
        Assert.Equal(new[] { 2 }, row.Shape.ToArray());
        Assert.Equal(8.0, row[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Slice(4, 2));
        var view = a.Slice(2, 2).Flatten2D();
        Assert.Equal(4.0, view[0, 0]);
    }

    [Fact]
    public void IndexersCheckBounds()
    {
        var a = Range(2, 3, 4);
        Assert.Equal(23.0, a[1, 2, 3]);
        Assert.Equal(13.0, a.At(1, 0, 1));
        Assert.Throws<IndexOutOfRangeException>(() => a.At(2, 0, 0));
        Assert.Throws<ArgumentException>(() => a.At(1, 1));
        Assert.Throws<InvalidOperationException>(() => a[0, 0]);
    }

    [Fact]
    public void ArithmeticMatchesScalarLoop()
    {
        var rng = new Rng(1);
        var a = NdArray<double>.RandomNormal(rng, 0, 1, 7, 5);
        var b = NdArray<double>.RandomUniform(rng, 1, 2, 7, 5);
        var sum = a + b; var diff = a - b; var prod = a * b; var quot = a / b; var scaled = 3.0 * a; var neg = -a;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i] + b[i], sum[i]);
            Assert.Equal(a[i] - b[i], diff[i]);
            Assert.Equal(a[i] * b[i], prod[i]);
            Assert.Equal(a[i] / b[i], quot[i]);
            Assert.Equal(3.0 * a[i], scaled[i]);
            Assert.Equal(-a[i], neg[i]);
        }
        var c = a.Clone().AddScaledInPlace(0.5, b);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i] + 0.5 * b[i], c[i], 15);
    }

    [Fact]
    public void ReductionsAlongEachAxis()
    {
        var a = Range(2, 3, 4);
        var sum0 = a.Sum(0);
        Assert.Equal(new[] { 3, 4 }, sum0.Shape.ToArray());
        Assert.Equal(0 + 12.0, sum0[0, 0]);
        var sum1 = a.Sum(1);
        Assert.Equal(new[] { 2, 4 }, sum1.Shape.ToArray());
        Assert.Equal(12 + 16 + 20.0, sum1[1, 0]);
        var mean2 = a.Mean(-1);
        Assert.Equal(new[] { 2, 3 }, mean2.Shape.ToArray());
        Assert.Equal(1.5, mean2[0, 0]);
        var max1 = a.Max(1);
        Assert.Equal(11.0, max1[0, 3]);
        Assert.Equal(276.0, a.Sum());
        Assert.Equal(11.5, a.Mean());
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Sum(3));
    }

    [Fact]
    public void ArgMaxPicksFirstOfTies()
    {
        var m = NdArray<float>.FromArray(new float[,] { { 1, 5, 5 }, { 7, 2, 3 }, { 0, 0, 9 } });
        Assert.Equal(new[] { 1, 0, 2 }, m.ArgMax(1));
        Assert.Equal(new[] { 1, 0, 2 }, m.ArgMax(0));
        Assert.Equal(8, m.ArgMax());
    }

    [Fact]
    public void FiniteCheckFindsNaNAndInfinityAnywhere()
    {
        for (int length = 1; length < 70; length += 3)
            for (int at = 0; at < length; at += 5)
            {
                var a = NdArray<float>.Full(1f, length);
                Assert.True(a.IsAllFinite());
                a[at] = float.NaN;
                Assert.False(a.IsAllFinite());
                Assert.Equal(at, a.IndexOfNonFinite());
                a[at] = float.NegativeInfinity;
                Assert.False(a.IsAllFinite());
                Assert.Equal(at, a.IndexOfNonFinite());
            }
        Assert.Equal(-1, NdArray<double>.Full(2.0, 37).IndexOfNonFinite());
        Assert.True(NdArray<double>.Zeros(0).IsAllFinite());
    }

    [Fact]
    public void CastConvertsBetweenPrecisions()
    {
        var a = NdArray<float>.FromArray(new[] { 1.5f, -2.25f, 3f });
        var d = a.Cast<double>();
        Assert.Equal(new[] { 1.5, -2.25, 3.0 }, d.ToArray());
        Assert.Equal(a.ToArray(), d.Cast<float>().ToArray());
    }

    [Fact]
    public void OnlyFloatAndDoubleAreSupported()
    {
        Assert.Throws<NotSupportedException>(() => new NdArray<Half>(2));
    }
}
