using System.Text.Json;
using NativeNet.Layers;
using NativeNet.Optimizers;
using static NativeNet.Tests.CourseVectors.CourseVectorFile;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.CourseVectors;

/// <summary>
/// One step of each optimizer from the course homework's inputs against its printed result: w and dw are
/// <c>linspace</c> recipes (N, D = 4, 5), the state arrays are taken as printed, and every printed value must agree
/// within the homework's relative error.
/// </summary>
public class CourseOptimizerVectorTests
{
    private const int Count = 4 * 5;

    public static TheoryData<string> Rules => ["momentum_cs231n", "nesterov_cs231n", "momentum_framework", "rmsprop", "adam"];

    [Theory]
    [MemberData(nameof(Rules))]
    public void RecipesRebuildThePrintedInputsBitForBit(string rule)
    {
        var vector = Rule(rule);
        AssertBitIdentical(Values(vector, "w"), Weights());
        AssertBitIdentical(Values(vector, "dw"), Gradient());
    }

    [Fact]
    public void ClassicMomentumMatchesTheCs231nVector()
    {
        var vector = Rule("momentum_cs231n");
        var (p, opt) = Momentum(vector, MomentumConvention.Classic, nesterov: false, step: 0);
        AssertStep(vector, ("next_w", p.Value.ToArray()), ("next_v", opt.GetState(p, Momentum<double>.VelocitySlot).ToArray()));
    }

    [Fact]
    public void ClassicNesterovMatchesTheCs231nVector()
    {
        var vector = Rule("nesterov_cs231n");
        var (p, opt) = Momentum(vector, MomentumConvention.Classic, nesterov: true, step: 0);
        AssertStep(vector, ("next_w", p.Value.ToArray()), ("next_v", opt.GetState(p, Momentum<double>.VelocitySlot).ToArray()));
    }

    [Fact]
    public void FrameworkMomentumMatchesTheVectorWhenThePresetVelocityIsPastTheFirstStep()
    {
        // The vector continues from a velocity; at step count 0 the framework rule would start afresh from v = dw
        // (MomentumTests covers that), so the state is imported as after a first step.
        var vector = Rule("momentum_framework");
        var (p, opt) = Momentum(vector, MomentumConvention.Framework, nesterov: false, step: 1);
        AssertStep(vector, ("next_w", p.Value.ToArray()), ("next_v", opt.GetState(p, Momentum<double>.VelocitySlot).ToArray()));
    }

    [Fact]
    public void RmsPropMatchesTheVector()
    {
        var vector = Rule("rmsprop");
        var p = Parameter("w", Weights());
        var opt = new RmsProp<double>([p], Number(vector, "lr"), rho: Number(vector, "rho"), epsilon: Number(vector, "eps"));
        StartFrom(opt, 0, ("w." + RmsProp<double>.SquareAverageSlot, Values(vector, "cache")));
        Step(opt, p);
        AssertStep(vector, ("next_w", p.Value.ToArray()), ("next_cache", opt.GetState(p, RmsProp<double>.SquareAverageSlot).ToArray()));
    }

    [Fact]
    public void AdamFromStepFiveMatchesTheVector()
    {
        var vector = Rule("adam");
        long t0 = (long)Number(vector, "t0");
        var p = Parameter("w", Weights());
        var opt = new Adam<double>([p], Number(vector, "lr"));   // β₁ 0.9, β₂ 0.999, ε 1e-8: the rule's constants
        StartFrom(opt, t0, ("w." + Adam<double>.FirstMomentSlot, Values(vector, "m")), ("w." + Adam<double>.SecondMomentSlot, Values(vector, "v")));
        Step(opt, p);
        Assert.Equal(t0 + 1, opt.StepCount);
        AssertStep(vector, ("next_w", p.Value.ToArray()),
            ("next_m", opt.GetState(p, Adam<double>.FirstMomentSlot).ToArray()), ("next_v", opt.GetState(p, Adam<double>.SecondMomentSlot).ToArray()));
    }

    private static double[] Weights() => Linspace(-0.4, 0.6, Count);

    private static double[] Gradient() => Linspace(-0.6, 0.4, Count);

    private static double Number(JsonElement vector, string name) => vector.GetProperty(name).GetDouble();

    private static (Parameter<double> P, Momentum<double> Optimizer) Momentum(JsonElement vector, MomentumConvention convention, bool nesterov, long step)
    {
        var p = Parameter("w", Weights());
        var opt = new Momentum<double>([p], Number(vector, "lr"), Number(vector, "mu"), convention, nesterov);
        StartFrom(opt, step, ("w." + Momentum<double>.VelocitySlot, Values(vector, "v")));
        Step(opt, p);
        return (p, opt);
    }

    private static void Step(Optimizer<double> optimizer, Parameter<double> p)
    {
        SetGrad(p, Gradient());
        optimizer.Step();
    }

    private static void AssertStep(JsonElement vector, params (string Name, double[] Actual)[] results)
    {
        foreach (var (name, actual) in results)
        {
            double[] expected = Values(vector, name);
            Assert.Equal(Count, expected.Length);
            AssertClose(expected, actual, RelativeTolerance);
        }
    }
}
