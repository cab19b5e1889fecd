using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Initializers;

/// <summary>Sets every element to one value.</summary>
/// <param name="value">The value (finite).</param>
public sealed class ConstantInitializer(double value) : Initializer
{
    /// <summary>The value written.</summary>
    public double Value { get; } = double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The constant must be finite.");

    /// <inheritdoc/>
    public override void Fill<T>(NdArray<T> tensor, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Fill(T.CreateTruncating(Value));
    }

    /// <inheritdoc/>
    public override string ToString() => $"Constant({Value})";
}
