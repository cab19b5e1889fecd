using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Tensors;
using static NativeNet.Tests.CourseVectors.CourseVectorFile;

namespace NativeNet.Tests.CourseVectors;

/// <summary>
/// The course homework's FC(4→30) → GELU (tanh) → FC(30→7) network with <c>linspace</c> weights: its mean softmax
/// cross-entropy and first scores against the printed values, with the GELU fused into the first layer (as
/// <see cref="FullyConnectedNet"/> builds it) and as a layer of its own.
/// </summary>
public class CourseNetworkVectorTests
{
    private const int Samples = 4, Inputs = 4, Hidden = 30, Classes = 7;

    // The scores are printed to 8 decimals: half a unit of the last place, with room for the rounding of the print.
    private const double PrintedScoreTolerance = 0.5e-8 * (1 + 1e-6);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LossAndScoresMatchThePrintedValues(bool fused)
    {
        var network = Root.GetProperty("fc_gelu_fc");
        var model = Network(fused);
        var (loss, dataLoss, _, scores) = model.ComputeLoss(Input(), Labels(), new SoftmaxCrossEntropyLoss<double>());

        double expected = network.GetProperty("loss").GetDouble();
        Assert.True(Math.Abs(loss - expected) <= RelativeTolerance * expected, $"loss {loss:R}, printed {expected:R}");
        Assert.Equal(loss, dataLoss);
        double[] printed = Values(network, "scores_row0_first3");
        for (int j = 0; j < printed.Length; j++)
            Assert.True(Math.Abs(scores[0, j] - printed[j]) <= PrintedScoreTolerance, $"score [0, {j}]: {scores[0, j]:R}, printed {printed[j]:R}");
    }

    // w1 = linspace(-0.7, 0.3, 4·30).reshape(4, 30), b1 = linspace(-0.6, 0.2, 30),
    // w2 = linspace(-0.2, 0.2, 30·7).reshape(30, 7), b2 = linspace(-0.9, 0.1, 7), in the (in, out) layout of Linear.
    private static Sequential<double> Network(bool fused)
    {
        Sequential<double> model = fused
            ? FullyConnectedNet.Build<double>(new FullyConnectedNetSpec { InputSize = Inputs, HiddenSizes = [Hidden], Classes = Classes, Activation = "gelu_tanh" })
            : new Sequential<double>(new Linear<double>(Inputs, Hidden, new Rng(1)), new GeluTanh<double>(), new Linear<double>(Hidden, Classes, new Rng(2)));
        var linears = model.Layers.OfType<Linear<double>>().ToArray();
        Assert.Equal(2, linears.Length);
        Assert.Equal(fused, linears[0].Activation is GeluTanh<double>);
        Linspace(-0.7, 0.3, Inputs * Hidden).CopyTo(linears[0].Weight.Value.Span);
        Linspace(-0.6, 0.2, Hidden).CopyTo(linears[0].Bias!.Value.Span);
        Linspace(-0.2, 0.2, Hidden * Classes).CopyTo(linears[1].Weight.Value.Span);
        Linspace(-0.9, 0.1, Classes).CopyTo(linears[1].Bias!.Value.Span);
        return model;
    }

    // x = linspace(-5.5, 4.5, 16).reshape(4, 4).T: sample i, feature j is element 4j + i.
    private static NdArray<double> Input()
    {
        double[] values = Linspace(-5.5, 4.5, Samples * Inputs);
        var x = new NdArray<double>(Samples, Inputs);
        for (int i = 0; i < Samples; i++)
            for (int j = 0; j < Inputs; j++) x[i, j] = values[j * Samples + i];
        return x;
    }

    private static int[] Labels() => [.. Root.GetProperty("fc_gelu_fc").GetProperty("labels").EnumerateArray().Select(l => l.GetInt32())];
}
