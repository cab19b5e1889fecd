using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Schedules;
using NativeNet.Tensors;

namespace NativeNet.Tests.Schedules;

public class LearningRateScheduleTests
{
    private const double Base = 0.1;

    private static void AssertRate(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(1, Math.Abs(expected)), $"Expected {expected:R}, got {actual:R}.");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(30)]
    public void MultiplicativeDecayIsBaseTimesFactorToTheEpoch(int epoch)
    {
        var schedule = new MultiplicativeDecaySchedule(0.95);
        double expected = Base;
        for (int e = 0; e < epoch; e++) expected *= 0.95;   // cs231n: lr *= lr_decay after each epoch
        Assert.Equal(expected, schedule.RateAt(epoch, Base), 1e-15);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(9, 1.0)]
    [InlineData(10, 0.5)]
    [InlineData(29, 0.25)]
    [InlineData(30, 0.125)]
    public void StepDecayDropsEveryStepSize(int epoch, double factor) =>
        AssertRate(Base * factor, new StepDecaySchedule(10, 0.5).RateAt(epoch, Base));

    [Fact]
    public void ExponentialDecaySmoothAndStaircase()
    {
        AssertRate(Base * Math.Pow(0.5, 25 / 10.0), new ExponentialDecaySchedule(0.5, 10).RateAt(25, Base));
        AssertRate(Base * 0.25, new ExponentialDecaySchedule(0.5, 10, staircase: true).RateAt(25, Base));
        AssertRate(new MultiplicativeDecaySchedule(0.9).RateAt(13, Base), new ExponentialDecaySchedule(0.9).RateAt(13, Base));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(150)]
    public void CosineAnnealingFollowsTheHalfCosineThenHolds(int step)
    {
        const double min = 1e-3;
        double t = Math.Min(step, 100);
        AssertRate(min + (Base - min) * (1 + Math.Cos(Math.PI * t / 100)) / 2, new CosineAnnealingSchedule(100, min).RateAt(step, Base));
    }

    [Fact]
    public void CosineEndpoints()
    {
        var cosine = new CosineAnnealingSchedule(100, 0.01);
        AssertRate(Base, cosine.RateAt(0, Base));
        AssertRate((Base + 0.01) / 2, cosine.RateAt(50, Base));
        AssertRate(0.01, cosine.RateAt(100, Base));
    }

    [Theory]
    [InlineData(0, 0.0, 0.0)]
    [InlineData(2, 0.0, 0.4)]
    [InlineData(4, 0.2, 0.2 + 0.8 * 0.8)]
    [InlineData(5, 0.0, 1.0)]
    [InlineData(9, 0.5, 1.0)]
    public void LinearWarmupRampsToTheBase(int step, double startFactor, double factor) =>
        AssertRate(Base * factor, new LinearWarmupSchedule(5, startFactor).RateAt(step, Base));

    [Fact]
    public void WarmupThenCosineJoinsAtTheBoundary()
    {
        var schedule = LearningRateSchedule.WarmupCosine(warmupSteps: 5, totalSteps: 105, minRate: 0);
        AssertRate(0, schedule.RateAt(0, Base));
        AssertRate(Base * 3 / 5, schedule.RateAt(3, Base));
        AssertRate(Base, schedule.RateAt(5, Base));
        AssertRate(Base * (1 + Math.Cos(Math.PI * 45 / 100)) / 2, schedule.RateAt(50, Base));
        AssertRate(0, schedule.RateAt(105, Base));

        var joined = new JoinedSchedule([new ConstantSchedule(), new StepDecaySchedule(2, 0.1), new ConstantSchedule()], [10, 20]);
        AssertRate(Base, joined.RateAt(9, Base));
        AssertRate(Base, joined.RateAt(11, Base));
        AssertRate(Base * 0.1, joined.RateAt(12, Base));
        AssertRate(Base, joined.RateAt(20, Base));
    }

    [Fact]
    public void ChainedMultipliesFactors()
    {
        var chained = new ChainedSchedule(new LinearWarmupSchedule(4), new StepDecaySchedule(2, 0.5));
        AssertRate(Base * 0.5 * 0.75, chained.RateAt(3, Base));
        AssertRate(Base * 0.25, chained.RateAt(4, Base));
    }

    [Fact]
    public void ApplySetsTheOptimizerRate()
    {
        var sgd = new Sgd<double>([new Parameter<double>("w", new NdArray<double>(2))], Base);
        double rate = new StepDecaySchedule(3).Apply(sgd, 7, Base);
        AssertRate(Base * 0.01, rate);
        Assert.Equal(rate, sgd.LearningRate);
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule().RateAt(-1, Base));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule().RateAt(0, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmupSchedule(5, 1.5));
        Assert.Throws<ArgumentException>(() => new JoinedSchedule([new ConstantSchedule(), new ConstantSchedule()], []));
        Assert.Throws<ArgumentException>(() => new JoinedSchedule([new ConstantSchedule(), new ConstantSchedule(), new ConstantSchedule()], [5, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(10, 10));
    }
}
