namespace NativeNet.Layers;

/// <summary>
/// Marks a field or property of type <see cref="Parameter{T}"/> in a <see cref="LayerAttribute"/> class as a trainable
/// parameter: the generated <see cref="Layer{T}.Parameters"/> lists the marked members in declaration order, which is
/// the order optimizers and checkpoints see.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ParameterAttribute : Attribute
{
}
