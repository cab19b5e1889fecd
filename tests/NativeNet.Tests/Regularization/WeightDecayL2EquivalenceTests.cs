using NativeNet.Data;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Regularization;
using NativeNet.Tensors;
using NativeNet.Training;

namespace NativeNet.Tests.Regularization;

public class WeightDecayL2EquivalenceTests
{
    private static float[] TrainDigits(Func<Sequential<float>, Optimizer<float>> optimizer, WeightPenalty? penalty)
    {
        var all = Datasets.Digits().Apply(new UnitRangeScaler<float>(0f, 16f));
        var (train, _) = all.SplitRandom(600, seed: 1);
        var model = FullyConnectedNet.Build<float>(new FullyConnectedNetSpec { InputSize = 64, HiddenSizes = [32], Classes = 10, Seed = 4 });
        var solver = new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), optimizer(model), train, null,
            new SolverOptions { BatchSize = 50, Epochs = 3, Seed = 2, Penalty = penalty, TrainAccuracySamples = null });
        solver.Train();
        return [.. model.Parameters.SelectMany(p => p.Value.ToArray())];
    }

    [Fact]
    public void SgdCoupledWeightDecayIsBitIdenticalToHalfConventionL2()
    {
        const double lambda = 0.02;
        var decayed = TrainDigits(m => new Sgd<float>(m.Parameters, 0.1, weightDecay: lambda), null);
        var penalized = TrainDigits(m => new Sgd<float>(m.Parameters, 0.1), WeightPenalty.WithL2(lambda, L2PenaltyConvention.HalfSquaredNorm));
        var plain = TrainDigits(m => new Sgd<float>(m.Parameters, 0.1), null);
        Assert.Equal(decayed, penalized);
        Assert.NotEqual(plain, decayed);
    }

    [Fact]
    public void FullConventionWithHalfLambdaHasTheHalfConventionsGradient()
    {
        var half = Parameters();
        var full = Parameters();
        WeightPenalty.WithL2(0.3, L2PenaltyConvention.HalfSquaredNorm).Apply(half);
        WeightPenalty.WithL2(0.15, L2PenaltyConvention.SquaredNorm).Apply(full);
        Assert.Equal(half[0].Grad.ToArray(), full[0].Grad.ToArray());
    }

    [Theory]
    [InlineData(L2PenaltyConvention.HalfSquaredNorm, 1.0)]
    [InlineData(L2PenaltyConvention.SquaredNorm, 2.0)]
    public void L2GradientMatchesFiniteDifferences(L2PenaltyConvention convention, double factor)
    {
        const double lambda = 0.3, h = 1e-6;
        var penalty = WeightPenalty.WithL2(lambda, convention);
        var ps = Parameters();
        penalty.Apply(ps);
        var w = ps[0].Value;
        for (int i = 0; i < w.Length; i++)
        {
            double saved = w[i];
            w[i] = saved + h;
            double up = penalty.Penalty(ps);
            w[i] = saved - h;
            double down = penalty.Penalty(ps);
            w[i] = saved;
            Assert.Equal((up - down) / (2 * h), ps[0].Grad[i], 8);
            Assert.Equal(factor * lambda * saved, ps[0].Grad[i], 14);
        }
    }

    private static Parameter<double>[] Parameters() =>
    [
        new("weight", NdArray<double>.FromArray(new double[,] { { 1, -2 }, { 0.5, 3 } })),
    ];
}
