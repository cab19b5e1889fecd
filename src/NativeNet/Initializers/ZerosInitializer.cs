using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Initializers;

/// <summary>Sets every element to zero (the rule for biases).</summary>
public sealed class ZerosInitializer : Initializer
{
    /// <inheritdoc/>
    public override void Fill<T>(NdArray<T> tensor, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Clear();
    }

    /// <inheritdoc/>
    public override string ToString() => "Zeros";
}
