using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

/// <summary>Every rule in float tracks the same rule in double (whose exactness the other tests establish).</summary>
public class FloatPrecisionTests
{
    public static TheoryData<string> Rules() =>
        ["sgd", "classic", "classic-nesterov", "framework", "framework-nesterov", "rmsprop", "rmsprop-centered-momentum",
         "adam", "adam-amsgrad-inside", "adamw", "adagrad"];

    internal static Optimizer<T> Create<T>(string rule, params Parameter<T>[] p) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => rule switch
    {
        "sgd" => new Sgd<T>(p, 0.05, 0.01),
        "classic" => new Momentum<T>(p, 0.05, weightDecay: 0.01),
        "classic-nesterov" => new Momentum<T>(p, 0.05, nesterov: true),
        "framework" => new Momentum<T>(p, 0.05, convention: MomentumConvention.Framework, dampening: 0.1),
        "framework-nesterov" => new Momentum<T>(p, 0.05, convention: MomentumConvention.Framework, nesterov: true),
        "rmsprop" => new RmsProp<T>(p, 0.01, weightDecay: 0.01),
        "rmsprop-centered-momentum" => new RmsProp<T>(p, 0.01, momentum: 0.9, centered: true),
        "adam" => new Adam<T>(p, 0.01, weightDecay: 0.01),
        "adam-amsgrad-inside" => new Adam<T>(p, 0.01, amsGrad: true, epsilonInsideSqrt: true),
        "adamw" => new AdamW<T>(p, 0.01),
        "adagrad" => new Adagrad<T>(p, 0.05, learningRateDecay: 0.1),
        _ => throw new ArgumentException(rule),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void FloatFollowsDoubleToSinglePrecision(string rule)
    {
        const int n = 203;   // 12 float vectors of 16 plus an 11-element tail
        var rng = new Rng(50);
        float[] w = Array.ConvertAll(Values(rng, n), x => (float)x);
        var grads = Array.ConvertAll(Gradients(rng, 5, n), g => Array.ConvertAll(g, x => (float)x));
        var single = new Parameter<float>("w", NdArray<float>.FromArray(w));
        var reference = new Parameter<double>("w", NdArray<double>.FromArray(Array.ConvertAll(w, x => (double)x)));
        var a = Create(rule, single);
        var b = Create(rule, reference);
        foreach (var g in grads)
        {
            g.AsSpan().CopyTo(single.Grad.Span);
            for (int i = 0; i < n; i++) reference.Grad[i] = g[i];
            a.Step();
            b.Step();
        }
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(single.Value[i] - reference.Value[i]) <= 2e-6 * Math.Max(1, Math.Abs(reference.Value[i])),
                $"{rule}, element {i}: float {single.Value[i]} vs double {reference.Value[i]}.");
    }
}
