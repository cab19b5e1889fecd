using NativeNet.Kernels;

namespace NativeNet.Layers;

/// <summary>
/// The built-in activations, each one line: the layer generator turns every <see cref="ElementwiseAttribute"/>
/// function into a layer class of the same name (<c>Swish&lt;T&gt;</c>, <c>LeakyRelu&lt;T&gt;</c>, …) with a
/// symbolic derivative, fused SIMD kernels, a manifest entry and a generated gradient-check test.
/// </summary>
public static class ActivationFunctions
{
    /// <summary>√(2/π), the scale inside the tanh approximation of GELU.</summary>
    private const double SqrtTwoOverPi = 0.7978845608028654;

    /// <summary>1/√2, the scale inside the exact GELU.</summary>
    private const double OneOverSqrtTwo = 0.7071067811865476;

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)).</summary>
    [Elementwise("sigmoid")]
    public static double Sigmoid(double x) => ScalarMath.Sigmoid(x);

    /// <summary>The hyperbolic tangent.</summary>
    [Elementwise("tanh")]
    public static double Tanh(double x) => Math.Tanh(x);

    /// <summary>The rectifier max(x, 0) (derivative 0 at the kink).</summary>
    [Elementwise("relu")]
    public static double Relu(double x) => x > 0 ? x : 0;

    /// <summary>The leaky rectifier: x for x &gt; 0, slope·x otherwise.</summary>
    [Elementwise("leaky_relu")]
    public static double LeakyRelu(double x, double slope = 0.01) => x > 0 ? x : slope * x;

    /// <summary>The exponential linear unit: x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    [Elementwise("elu")]
    public static double Elu(double x, double alpha = 1.0) => x > 0 ? x : alpha * (Math.Exp(x) - 1);

    /// <summary>Softplus log(1 + eˣ), written so that neither branch overflows.</summary>
    [Elementwise("softplus")]
    public static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>Swish (SiLU) x·σ(x).</summary>
    [Elementwise("swish", Aliases = ["silu"])]
    public static double Swish(double x) => x * ScalarMath.Sigmoid(x);

    /// <summary>GELU with the tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    [Elementwise("gelu_tanh")]
    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(SqrtTwoOverPi * (x + 0.044715 * x * x * x)));

    /// <summary>The exact GELU ½x(1 + erf(x/√2)).</summary>
    [Elementwise("gelu")]
    public static double Gelu(double x) => 0.5 * x * (1 + ScalarMath.Erf(x * OneOverSqrtTwo));
}
