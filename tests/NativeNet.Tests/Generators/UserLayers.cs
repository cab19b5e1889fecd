using System.Numerics;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Generators;

/// <summary>Activations declared the way a user would; the generated gradient-check tests cover each of them.</summary>
public static class UserActivations
{
    [Elementwise("mish")]
    public static double Mish(double x) => x * Math.Tanh(x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x)));

    [Elementwise("soft_sign")]
    public static T SoftSign<T>(T x) where T : IFloatingPointIeee754<T> => x / (T.One + T.Abs(x));

    [Elementwise("bent_identity")]
    public static double BentIdentity(double x)
    {
        double root = Math.Sqrt(x * x + 1);
        return (root - 1) / 2 + x;
    }

    [Elementwise("scaled_cube", InputLow = 0.5, InputHigh = 2)]
    public static double ScaledCube(double x, double scale = 0.25, double power = 2.5) => scale * Math.Pow(x, 3) + Math.Pow(x, power) + Math.Min(x, 1.5) - Math.Max(x, 1);

    [Elementwise("sine")]
    [Derivative(nameof(SineDerivative))]
    public static double Sine(double x) => Math.Sin(x);

    public static double SineDerivative(double x) => Math.Cos(x);
}

/// <summary>A toy parametric layer: y = γ ⊙ x + β per feature, with registered parameters and a gradient-check recipe.</summary>
[Layer("scale_shift")]
public sealed partial class ScaleShift<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private NdArray<T>? _input;
    private NdArray<T>? _output;
    private NdArray<T>? _gradInput;

    public ScaleShift(int features, Rng rng, double initialScale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentNullException.ThrowIfNull(rng);
        Gamma = new Parameter<T>("gamma", NdArray<T>.RandomNormal(rng, T.CreateTruncating(initialScale), T.CreateTruncating(0.1), features));
        Beta = new Parameter<T>("beta", NdArray<T>.RandomNormal(rng, T.Zero, T.CreateTruncating(0.1), features), isWeight: false);
    }

    [Parameter]
    public Parameter<T> Gamma { get; }

    [Parameter]
    public Parameter<T> Beta { get; }

    public int Features => Gamma.Length;

    [GradientCheck(3, 4)]
    public static ScaleShift<T> ForGradientCheck(Rng rng) => new(4, rng);

    public override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        if (input.Rank != 2 || input.Dim(1) != Features)
            throw new ArgumentException($"ScaleShift expects (batch, {Features}), got {input.ShapeString}.", nameof(input));
        _input = input;
        _output = _output is not null && _output.HasShape(input.Shape) ? _output : new NdArray<T>(input.Shape.ToArray());
        for (int b = 0; b < input.Rows; b++)
            for (int f = 0; f < Features; f++)
                _output[b, f] = Gamma.Value[f] * input[b, f] + Beta.Value[f];
        return _output;
    }

    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward.");
        input.EnsureSameShape(gradOutput, "ScaleShift.Backward");
        _gradInput = _gradInput is not null && _gradInput.HasShape(input.Shape) ? _gradInput : new NdArray<T>(input.Shape.ToArray());
        for (int b = 0; b < input.Rows; b++)
        {
            for (int f = 0; f < Features; f++)
            {
                Gamma.Grad[f] += gradOutput[b, f] * input[b, f];
                Beta.Grad[f] += gradOutput[b, f];
                _gradInput[b, f] = gradOutput[b, f] * Gamma.Value[f];
            }
        }
        return _gradInput;
    }

    public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
}
