namespace NativeNet.Layers;

/// <summary>
/// Marks the static factory the generated gradient-check test uses to build a small instance of a
/// <see cref="LayerAttribute"/> layer in double precision: <c>static MyLayer&lt;double&gt; F(Rng rng)</c>
/// (or <c>static MyLayer&lt;T&gt; F(Rng rng)</c> in the generic class).
/// </summary>
/// <param name="inputShape">The input shape of the check, batch axis first, e.g. <c>3, 4</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GradientCheckAttribute(params int[] inputShape) : Attribute
{
    /// <summary>The input shape, batch axis first.</summary>
    public int[] InputShape { get; } = inputShape;

    /// <summary>The <c>training</c> argument of the forward passes.</summary>
    public bool Training { get; set; } = true;

    /// <summary>The relative-error bound; raise it for layers with kinks or randomness.</summary>
    public double Tolerance { get; set; } = 1e-7;

    /// <summary>Lower end of the uniform inputs.</summary>
    public double InputLow { get; set; } = -1;

    /// <summary>Upper end of the uniform inputs.</summary>
    public double InputHigh { get; set; } = 1;

    /// <summary>The seed given to the factory and used for inputs and the upstream gradient.</summary>
    public int Seed { get; set; } = 1234;
}
