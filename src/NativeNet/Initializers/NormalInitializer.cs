using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Initializers;

/// <summary>
/// Draws each element from N(mean, std²): the classic <c>weight_scale · randn</c> initialization (cs231n), whose
/// scale is chosen by hand rather than from the layer's fans.
/// </summary>
/// <param name="std">The standard deviation (the "weight scale"; finite, ≥ 0).</param>
/// <param name="mean">The mean; default 0.</param>
public sealed class NormalInitializer(double std, double mean = 0) : Initializer
{
    /// <summary>The standard deviation.</summary>
    public double Std { get; } = double.IsFinite(std) && std >= 0 ? std : throw new ArgumentOutOfRangeException(nameof(std), std, "std must be finite and non-negative.");

    /// <summary>The mean.</summary>
    public double Mean { get; } = double.IsFinite(mean) ? mean : throw new ArgumentOutOfRangeException(nameof(mean), mean, "mean must be finite.");

    /// <inheritdoc/>
    public override void Fill<T>(NdArray<T> tensor, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(rng);
        rng.FillNormal(tensor.Span, T.CreateTruncating(Mean), T.CreateTruncating(Std));
    }

    /// <inheritdoc/>
    public override string ToString() => $"Normal(mean {Mean}, std {Std})";
}
