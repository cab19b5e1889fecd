using NativeNet.Data;
using NativeNet.Tensors;

namespace NativeNet.Tests.Data;

public class PreprocessingTests
{
    [Fact]
    public void UnitRangeScalerMapsKnownAndFittedRanges()
    {
        var x = NdArray<float>.FromArray([0f, 51f, 255f, 127.5f], 2, 2);
        new UnitRangeScaler<float>(0f, 255f).Apply(x);
        Assert.Equal([0f, 0.2f, 1f, 0.5f], x.ToArray(), (a, b) => Math.Abs(a - b) <= 1e-6f);
        var train = NdArray<double>.FromArray([2.0, 4.0, 6.0, 10.0], 2, 2);
        var scaler = UnitRangeScaler<double>.Fit(train);
        var test = NdArray<double>.FromArray([6.0, 14.0], 1, 2);
        scaler.Apply(test);
        Assert.Equal([0.5, 1.5], test.ToArray());
        Assert.Throws<ArgumentException>(() => new UnitRangeScaler<float>(1f, 1f));
    }

    [Fact]
    public void MeanImageIsFittedOnTrainAndAppliedToTest()
    {
        var train = NdArray<double>.FromArray([1.0, 10.0, 3.0, 20.0], 2, 2);
        var transform = MeanImageSubtraction<double>.Fit(train);
        Assert.Equal([2.0, 15.0], transform.MeanImage.ToArray());
        var test = NdArray<double>.FromArray([2.0, 0.0], 1, 2);
        transform.Apply(test);
        Assert.Equal([0.0, -15.0], test.ToArray());
        Assert.Throws<ArgumentException>(() => transform.Apply(NdArray<double>.Zeros(1, 3)));
    }

    [Fact]
    public void PerFeatureStandardizationMatchesHandComputation()
    {
        // Feature 0: 1, 2, 3 → mean 2, population std sqrt(2/3). Feature 1 is constant → centred only.
        var train = NdArray<double>.FromArray([1.0, 5.0, 2.0, 5.0, 3.0, 5.0], 3, 2);
        var s = Standardizer<double>.FitPerFeature(train);
        Assert.Equal(2.0, s.Mean[0], 15);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), s.Std[0], 15);
        Assert.Equal(1.0, s.Std[1]);
        var test = NdArray<double>.FromArray([4.0, 6.0], 1, 2);
        s.Apply(test);
        Assert.Equal(2.0 / Math.Sqrt(2.0 / 3.0), test[0], 12);
        Assert.Equal(1.0, test[1]);
        s.Apply(train);
        Assert.True(train.IsAllFinite());
        Assert.Equal(0.0, train.Mean(0)[0], 12);
    }

    [Fact]
    public void PerChannelStandardizationAgreesAcrossLayouts()
    {
        var rng = new Rng(5);
        var nchw = NdArray<double>.RandomUniform(rng, 0.0, 255.0, 4, 3, 2, 5);
        for (int i = 0; i < nchw.Length; i++) nchw[i] += 100.0 * (i / 10 % 3);
        var nhwc = ImageLayoutConverter.ToNhwc(nchw);
        var a = Standardizer<double>.FitPerChannel(nchw, ImageLayout.Nchw);
        var b = Standardizer<double>.FitPerChannel(nhwc, ImageLayout.Nhwc);
        for (int c = 0; c < 3; c++)
        {
            var values = new List<double>();
            for (int n = 0; n < 4; n++)
                for (int h = 0; h < 2; h++)
                    for (int w = 0; w < 5; w++) values.Add(nchw.At(n, c, h, w));
            double mean = values.Average();
            double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
            Assert.Equal(mean, a.Mean[c], 10);
            Assert.Equal(std, a.Std[c], 10);
            Assert.Equal(mean, b.Mean[c], 10);
            Assert.Equal(std, b.Std[c], 10);
        }
        a.Apply(nchw);
        b.Apply(nhwc);
        var back = ImageLayoutConverter.ToNchw(nhwc);
        for (int i = 0; i < nchw.Length; i++) Assert.Equal(nchw[i], back[i], 12);
    }

    [Fact]
    public void FloatStatisticsAreAccumulatedInDouble()
    {
        var train = NdArray<float>.Full(1e4f + 0.5f, 100_000, 1);
        var s = Standardizer<float>.FitPerFeature(train);
        Assert.Equal(1e4 + 0.5, s.Mean[0], 9);
    }

    [Fact]
    public void LayoutConversionMovesEveryElement()
    {
        var nchw = NdArray<float>.Zeros(2, 3, 4, 5);
        for (int i = 0; i < nchw.Length; i++) nchw[i] = i;
        var nhwc = ImageLayoutConverter.ToNhwc(nchw);
        Assert.True(nhwc.HasShape(2, 4, 5, 3));
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int h = 0; h < 4; h++)
                    for (int w = 0; w < 5; w++)
                        Assert.Equal(nchw.At(n, c, h, w), nhwc.At(n, h, w, c));
        Assert.Equal(nchw.ToArray(), ImageLayoutConverter.ToNchw(nhwc).ToArray());
        Assert.Throws<ArgumentException>(() => ImageLayoutConverter.ToNhwc(NdArray<float>.Zeros(2, 3)));
    }

    [Fact]
    public void PerChannelFitNeedsRank4()
    {
        Assert.Throws<ArgumentException>(() => Standardizer<float>.FitPerChannel(NdArray<float>.Zeros(3, 4), ImageLayout.Nchw));
        Assert.Throws<ArgumentException>(() => Standardizer<float>.FitPerFeature(NdArray<float>.Zeros(0, 4)));
    }
}
