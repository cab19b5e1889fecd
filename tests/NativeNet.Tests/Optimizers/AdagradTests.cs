using NativeNet.Optimizers;
using NativeNet.Tensors;
using static NativeNet.Tests.Optimizers.OptimizerTestData;

namespace NativeNet.Tests.Optimizers;

public class AdagradTests
{
    [Theory]
    [InlineData(1, 0.0, 0.0, 0.0)]
    [InlineData(6, 0.0, 0.0, 0.0)]
    [InlineData(6, 0.1, 0.5, 0.03)]
    public void StepsMatchTheRule(int steps, double lrDecay, double initialAccumulator, double wd)
    {
        const double lr = 0.05, eps = 1e-10;
        var rng = new Rng(40);
        double[] w = Values(rng, Length);
        var grads = Gradients(rng, steps, Length);
        double[] sum = Enumerable.Repeat(initialAccumulator, Length).ToArray();
        var p = Parameter("w", w);
        var opt = new Adagrad<double>([p], lr, eps, lrDecay, initialAccumulator, wd);
        for (int s = 0; s < steps; s++)
        {
            SetGrad(p, grads[s]);
            opt.Step();
            double lrT = lr / (1 + s * lrDecay);                 // η / (1 + (t − 1)δ)
            for (int i = 0; i < Length; i++)
            {
                double g = grads[s][i] + wd * w[i];
                sum[i] += g * g;
                w[i] -= lrT * g / (Math.Sqrt(sum[i]) + eps);
            }
        }
        AssertClose(w, p.Value.Span);
        AssertClose(sum, opt.GetState(p, "sum_sq").Span);
    }
}
