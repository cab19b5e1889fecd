using System.Numerics;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Generators;

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
        InitialScale = initialScale;
        Gamma = new Parameter<T>("gamma", NdArray<T>.RandomNormal(rng, T.CreateTruncating(initialScale), T.CreateTruncating(0.1), features));
        Beta = new Parameter<T>("beta", NdArray<T>.RandomNormal(rng, T.Zero, T.CreateTruncating(0.1), features), isWeight: false);
    }

    [Parameter]
    public Parameter<T> Gamma { get; }

    [Parameter]
    public Parameter<T> Beta { get; }

    public int Features => Gamma.Length;

    public double InitialScale { get; }

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
