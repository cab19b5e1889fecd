using System.Numerics;
using NativeNet.Layers;

namespace NativeNet.Tests.Generators;

/// <summary>Activations declared the way a user would; the generated gradient-check tests cover each of them.</summary>
public static class UserActivations
{
    [Elementwise("stable_mish")]
    public static double StableMish(double x) => x * Math.Tanh(x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x)));

    /// <summary>Mish through a naive softplus, which the generator computes with one exponential and no logarithm.</summary>
    [Elementwise("naive_mish")]
    public static double NaiveMish(double x) => x * Math.Tanh(Math.Log(1 + Math.Exp(x)));

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
