using NativeNet.Optimizers;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

/// <summary>The optimizers driving a plain 2-D point on an analytic function, as the optimizer playground does.</summary>
public class PlaygroundTests
{
    public static TheoryData<string> Rules() => ["sgd", "momentum", "nesterov", "framework", "rmsprop", "adam", "adamw", "adagrad"];

    private static Optimizer<double> Create(string rule, NativeNet.Layers.Parameter<double> p) => rule switch
    {
        "sgd" => new Sgd<double>([p], 0.1),
        "momentum" => new Momentum<double>([p], 0.05),
        "nesterov" => new Momentum<double>([p], 0.05, nesterov: true),
        "framework" => new Momentum<double>([p], 0.05, convention: MomentumConvention.Framework, nesterov: true),
        "rmsprop" => new RmsProp<double>([p], 0.01, momentum: 0.5),
        "adam" => new Adam<double>([p], 0.05),
        "adamw" => new AdamW<double>([p], 0.05, weightDecay: 0.0),
        "adagrad" => new Adagrad<double>([p], 0.5),
        _ => throw new ArgumentException(rule),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void MinimizesAQuadraticBowlWithoutAllocating(string rule)
    {
        // f(x, y) = (x − 1)² + 5(y + 2)², minimum at (1, −2).
        var point = Parameter("point", [-3.0, 2.0]);
        var optimizer = Create(rule, point);
        void Gradient()
        {
            point.Grad[0] = 2 * (point.Value[0] - 1);
            point.Grad[1] = 10 * (point.Value[1] + 2);
        }
        for (int s = 0; s < 100; s++) { Gradient(); optimizer.Step(); }   // warm up (JIT, tiering)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 0; s < 3000; s++) { Gradient(); optimizer.Step(); }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(Math.Abs(point.Value[0] - 1) < 1e-2 && Math.Abs(point.Value[1] + 2) < 1e-2,
            $"{rule} ended at ({point.Value[0]}, {point.Value[1]}).");
    }
}
