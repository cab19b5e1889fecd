namespace NativeNet.Layers;

/// <summary>
/// Declares a layer with parameters: a generic <c>partial</c> class deriving from <see cref="Layer{T}"/> whose
/// <see cref="ParameterAttribute"/> members the generator registers (it writes <see cref="Layer{T}.Parameters"/>),
/// and which the assembly's layer manifest lists under <see cref="Name"/>.
/// </summary>
/// <remarks>
/// The manifest creates the layer by name through its public constructor with the most parameters; those may be
/// <see cref="int"/>, <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="string"/>, an enum, <c>T</c> or <see cref="Tensors.Rng"/> (taken from <see cref="LayerArguments.Rng"/>).
/// A static factory marked <see cref="GradientCheckAttribute"/> gives the generated gradient-check test its recipe.
/// </remarks>
/// <param name="name">The registry name, e.g. <c>linear</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LayerAttribute(string name) : Attribute
{
    /// <summary>The registry name.</summary>
    public string Name { get; } = name;
}
