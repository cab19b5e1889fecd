using NativeNet.Diagnostics;
using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Regularization;
using NativeNet.Tensors;

namespace NativeNet.Tests.Diagnostics;

public class GradientCheckTests
{
    [Fact]
    public void ScalarNumericalGradientMatchesAnalytic()
    {
        // f(x) = Σ sin(xᵢ)·xᵢ², f' = cos(x)·x² + 2x·sin(x)
        var x = NdArray<double>.RandomNormal(new Rng(1), 0.0, 1.0, 3, 4);
        var numeric = GradientCheck.NumericalGradient(v => v.ToArray().Sum(e => Math.Sin(e) * e * e), x);
        var analytic = NdArray<double>.FromArray(x.ToArray().Select(e => Math.Cos(e) * e * e + 2 * e * Math.Sin(e)).ToArray(), 3, 4);
        Assert.True(GradientCheck.RelativeError(analytic, numeric) < 1e-8);
    }

    [Fact]
    public void NumericalGradientRestoresInput()
    {
        var x = NdArray<double>.RandomNormal(new Rng(2), 0.0, 1.0, 5);
        var copy = x.Clone();
        GradientCheck.NumericalGradient(v => v.Sum(), x);
        Assert.Equal(copy.ToArray(), x.ToArray());
    }

    [Fact]
    public void TensorNumericalGradientIsVectorJacobianProduct()
    {
        // f(x) = x² elementwise; Σ f(x)⊙u has gradient 2x⊙u.
        var rng = new Rng(3);
        var x = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 2, 3);
        var upstream = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 2, 3);
        var numeric = GradientCheck.NumericalGradient(v => v * v, x, upstream);
        var analytic = x * upstream * 2.0;
        Assert.True(GradientCheck.RelativeError(analytic, numeric) < 1e-8);
    }

    [Fact]
    public void RelativeErrorFollowsTheClassicFormula()
    {
        var a = NdArray<double>.FromArray(new double[] { 1.0, 0.0, -2.0 });
        var b = NdArray<double>.FromArray(new double[] { 1.1, 0.0, -2.0 });
        Assert.Equal(0.1 / 2.1, GradientCheck.RelativeError(a, b), 12);
        // Both zero: the 1e-8 floor keeps it 0, not NaN.
        Assert.Equal(0.0, GradientCheck.RelativeError(NdArray<double>.Zeros(2), NdArray<double>.Zeros(2)));
        Assert.Throws<ArgumentException>(() => GradientCheck.RelativeError(NdArray<double>.Zeros(2), NdArray<double>.Zeros(3)));
    }

    [Fact]
    public void CheckLayerCatchesAWrongBackward()
    {
        var layer = new WrongBackwardLayer();
        var x = NdArray<double>.RandomNormal(new Rng(4), 0.0, 1.0, 4, 5);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(5));
        Assert.False(result.Passes(1e-3));
        Assert.Contains("input", result.ToString());
    }

    [Fact]
    public void CheckLayerPassesACorrectLayer()
    {
        var layer = new Linear<double>(5, 3, new Rng(6));
        var x = NdArray<double>.RandomNormal(new Rng(7), 0.0, 1.0, 4, 5);
        var result = GradientCheck.CheckLayer(layer, x, new Rng(8));
        Assert.True(result.Passes(1e-7), result.ToString());
        Assert.Equal(["input", "weight", "bias"], result.Errors.Select(e => e.Name));
    }

    [Fact]
    public void CheckLossPassesEveryLossAndCatchesAWrongOne()
    {
        var rng = new Rng(9);
        var scores = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 4, 5);
        var targets = NdArray<double>.RandomUniform(rng, 0.0, 1.0, 4, 5);
        int[] labels = [1, 4, 0, 2];
        Assert.True(GradientCheck.CheckLoss(new SoftmaxCrossEntropyLoss<double>(), scores, labels) < 1e-7);
        Assert.True(GradientCheck.CheckLoss(new MulticlassHingeLoss<double>(), scores, labels) < 1e-7);
        Assert.True(GradientCheck.CheckLoss(new MeanSquaredErrorLoss<double>(), scores, targets) < 1e-7);
        Assert.True(GradientCheck.CheckLoss(new BinaryCrossEntropyWithLogitsLoss<double>(), scores, targets) < 1e-7);
        Assert.True(GradientCheck.CheckLoss(new HalvedGradientLoss(), scores, targets) > 0.1);
    }

    [Fact]
    public void CheckModelReportsEveryParameter()
    {
        var rng = new Rng(10);
        var model = new Sequential<double>(new Linear<double>(6, 5, rng), new LayerNorm<double>(5), new Linear<double>(5, 3, rng));
        var x = NdArray<double>.RandomNormal(rng, 0.0, 1.0, 4, 6);
        var result = GradientCheck.CheckModel(model, x, [0, 2, 1, 2], new SoftmaxCrossEntropyLoss<double>(),
            WeightPenalty.WithL2(0.1, L2PenaltyConvention.SquaredNorm));
        Assert.True(result.Passes(1e-6), result.ToString());
        Assert.Equal(["fc1.weight", "fc1.bias", "ln1.gamma", "ln1.beta", "fc2.weight", "fc2.bias"], result.Errors.Select(e => e.Name));
    }

    /// <summary>MSE whose gradient is off by a factor of 2: the check must notice.</summary>
    private sealed class HalvedGradientLoss : ElementwiseLoss<double>
    {
        protected override double Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, Span<double> gradient)
        {
            double loss = 0;
            for (int i = 0; i < predictions.Length; i++)
            {
                double d = predictions[i] - targets[i];
                loss += d * d;
                gradient[i] = d / predictions.Length;
            }
            return loss / predictions.Length;
        }
    }

    /// <summary>y = x², but backward claims dy/dx = x (missing the 2).</summary>
    private sealed class WrongBackwardLayer : Layer<double>
    {
        private NdArray<double>? _input;

        public override NdArray<double> Forward(NdArray<double> input, bool training)
        {
            _input = input;
            return input * input;
        }

        public override NdArray<double> Backward(NdArray<double> gradOutput) => gradOutput * _input!;

        public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
    }
}
