using NativeNet.Initializers;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Initializers;

public class InitializerTests
{
    private static (double Mean, double Std) Moments<T>(NdArray<T> a) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double sum = 0, sumSq = 0;
        foreach (var x in a.Span) sum += double.CreateTruncating(x);
        double mean = sum / a.Length;
        foreach (var x in a.Span) sumSq += (double.CreateTruncating(x) - mean) * (double.CreateTruncating(x) - mean);
        return (mean, Math.Sqrt(sumSq / (a.Length - 1)));
    }

    private static void AssertStd(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 0.03 * expected, $"Sample std {actual} is not within 3% of {expected}.");

    [Fact]
    public void HeWithFanInGivesStdSqrt2Over3072ForA3072To50Layer()
    {
        var w = new NdArray<double>(3072, 50);
        var he = new HeInitializer();
        Assert.Equal(Math.Sqrt(2.0 / 3072), he.StandardDeviation(w.Shape), 15);
        he.Fill(w, new Rng(1));
        var (mean, std) = Moments(w);
        AssertStd(Math.Sqrt(2.0 / 3072), std);
        Assert.True(Math.Abs(mean) < 0.03 * std);
    }

    [Theory]
    [InlineData(InitializerDistribution.Normal, FanMode.FanIn, Nonlinearity.ReLU, 0.0)]
    [InlineData(InitializerDistribution.Uniform, FanMode.FanIn, Nonlinearity.ReLU, 0.0)]
    [InlineData(InitializerDistribution.Normal, FanMode.FanOut, Nonlinearity.LeakyReLU, 0.2)]
    [InlineData(InitializerDistribution.Uniform, FanMode.FanAverage, Nonlinearity.Tanh, 0.0)]
    [InlineData(InitializerDistribution.Normal, FanMode.FanAverage, Nonlinearity.Sigmoid, 0.0)]
    [InlineData(InitializerDistribution.Uniform, FanMode.FanOut, Nonlinearity.Linear, 0.0)]
    public void FanScaledStdMatchesTheFormula(InitializerDistribution distribution, FanMode mode, Nonlinearity nonlinearity, double slope)
    {
        const int fanIn = 400, fanOut = 250;
        double gain = nonlinearity switch
        {
            Nonlinearity.ReLU => Math.Sqrt(2),
            Nonlinearity.LeakyReLU => Math.Sqrt(2 / (1 + slope * slope)),
            Nonlinearity.Tanh => 5.0 / 3,
            _ => 1.0,
        };
        double fan = mode switch { FanMode.FanIn => fanIn, FanMode.FanOut => fanOut, _ => (fanIn + fanOut) / 2.0 };
        double expected = gain / Math.Sqrt(fan);
        foreach (FanScaledInitializer init in new FanScaledInitializer[]
                 {
                     new HeInitializer(distribution, mode, nonlinearity, slope),
                     new XavierInitializer(distribution, mode, nonlinearity, slope),
                 })
        {
            var w = new NdArray<double>(fanIn, fanOut);
            init.Fill(w, new Rng(2));
            AssertStd(expected, Moments(w).Std);
            if (distribution == InitializerDistribution.Uniform)
            {
                double bound = Math.Sqrt(3) * expected;
                Assert.True(w.Max() < bound && w.Min() >= -bound);
                Assert.True(w.Max() > 0.99 * bound && w.Min() < -0.99 * bound);
            }
        }
    }

    [Fact]
    public void XavierDefaultIsGlorotUniform()
    {
        var w = new NdArray<float>(500, 300);
        new XavierInitializer().Fill(w, new Rng(3));
        double limit = Math.Sqrt(6.0 / 800);
        Assert.True(w.Max() < limit && w.Min() >= -limit);
        AssertStd(Math.Sqrt(2.0 / 800), Moments(w).Std);
    }

    [Fact]
    public void ExplicitFansOverrideTheShape()
    {
        var w = new NdArray<double>(200_000);
        var he = new HeInitializer(fans: new Fans(50, 7));
        Assert.Equal(Math.Sqrt(2.0 / 50), he.StandardDeviation(w.Shape), 15);
        he.Fill(w, new Rng(4));
        AssertStd(Math.Sqrt(2.0 / 50), Moments(w).Std);
        Assert.Equal(Math.Sqrt(2.0 / 57), new XavierInitializer(fans: new Fans(50, 7)).StandardDeviation(w.Shape), 15);
    }

    [Fact]
    public void FansFollowTheLinearLayoutAndRejectOtherRanks()
    {
        Assert.Equal(new Fans(784, 128), Fans.FromShape([784, 128]));
        var ex = Assert.Throws<ArgumentException>(() => new HeInitializer().Fill(new NdArray<double>(10), new Rng(1)));
        Assert.Contains("(10,)", ex.Message);
        Assert.Contains("explicit fans", ex.Message);
        Assert.Throws<ArgumentException>(() => Fans.FromShape([0, 5]));
    }

    [Fact]
    public void NormalUniformConstantAndZerosFollowTheirParameters()
    {
        var w = new NdArray<double>(300, 300);
        new NormalInitializer(0.01).Fill(w, new Rng(5));
        var (mean, std) = Moments(w);
        AssertStd(0.01, std);
        Assert.True(Math.Abs(mean) < 1e-3 * 0.01 * 100);

        new NormalInitializer(0.5, mean: 2.0).Fill(w, new Rng(5));
        (mean, std) = Moments(w);
        AssertStd(0.5, std);
        Assert.True(Math.Abs(mean - 2.0) < 0.01);

        new UniformInitializer(-0.2, 0.6).Fill(w, new Rng(6));
        (mean, std) = Moments(w);
        Assert.True(w.Min() >= -0.2 && w.Max() < 0.6);
        Assert.True(Math.Abs(mean - 0.2) < 0.01);
        AssertStd(0.8 / Math.Sqrt(12), std);

        new ConstantInitializer(0.25).Fill(w, new Rng(7));
        Assert.True(w.Min() == 0.25 && w.Max() == 0.25);
        new ZerosInitializer().Fill(w, new Rng(7));
        Assert.True(w.Min() == 0 && w.Max() == 0);
        Assert.Throws<ArgumentException>(() => new UniformInitializer(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalInitializer(-1));
    }

    [Fact]
    public void SameSeedSameValuesAndBiasesZero()
    {
        Parameter<double>[] Layer() =>
        [
            new("fc1.weight", new NdArray<double>(20, 10)),
            new("fc1.bias", NdArray<double>.Full(9.0, 10), isWeight: false),
        ];
        var a = Layer();
        var b = Layer();
        new HeInitializer().InitializeWeightsZeroBiases(a, new Rng(42));
        new HeInitializer().InitializeWeightsZeroBiases(b, new Rng(42));
        Assert.Equal(a[0].Value.ToArray(), b[0].Value.ToArray());
        Assert.All(a[1].Value.ToArray(), x => Assert.Equal(0.0, x));
        var c = Layer();
        new HeInitializer().Initialize(c[0], new Rng(43));
        Assert.NotEqual(a[0].Value.ToArray(), c[0].Value.ToArray());
    }

    [Fact]
    public void GainsArePyTorchCalculateGainValues()
    {
        Assert.Equal(1.0, InitializerGain.For(Nonlinearity.Linear));
        Assert.Equal(1.0, InitializerGain.For(Nonlinearity.Sigmoid));
        Assert.Equal(Math.Sqrt(2), InitializerGain.For(Nonlinearity.ReLU));
        Assert.Equal(5.0 / 3, InitializerGain.For(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), InitializerGain.For(Nonlinearity.LeakyReLU));
        Assert.Equal(Math.Sqrt(2 / 1.04), InitializerGain.For(Nonlinearity.LeakyReLU, 0.2));
    }
}
