namespace NativeNet.Layers;

/// <summary>
/// Declares an elementwise layer from a static scalar function: the layer generator differentiates the function's
/// expression, writes a <see cref="Layer{T}"/> named after the method with fused SIMD forward and backward passes,
/// lists it in the assembly's layer manifest and (in test projects that opt in) a gradient-check test.
/// </summary>
/// <remarks>
/// The method is <c>static double F(double x, double c1 = …, …)</c> or generic <c>static T F&lt;T&gt;(T x, T c1, …)</c>
/// with <c>T : IFloatingPointIeee754&lt;T&gt;</c>. The first parameter is the input; further parameters are constants
/// that become constructor arguments of the layer (a LeakyReLU slope, an ELU alpha). See docs/declare-a-layer.md.
/// </remarks>
/// <param name="name">The registry name, e.g. <c>swish</c>; lower case by convention.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ElementwiseAttribute(string name) : Attribute
{
    /// <summary>The registry name.</summary>
    public string Name { get; } = name;

    /// <summary>Further registry names for the same layer (e.g. <c>silu</c> for <c>swish</c>).</summary>
    public string[] Aliases { get; set; } = [];

    /// <summary>The relative-error bound of the generated gradient-check test.</summary>
    public double Tolerance { get; set; } = 1e-7;

    /// <summary>Lower end of the uniform inputs the gradient check draws.</summary>
    public double InputLow { get; set; } = -3;

    /// <summary>Upper end of the uniform inputs the gradient check draws.</summary>
    public double InputHigh { get; set; } = 3;

    /// <summary>The seed of the gradient check's inputs and upstream gradient.</summary>
    public int Seed { get; set; } = 1234;
}
