using System.Numerics;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Initializers;

/// <summary>
/// A rule that fills a weight tensor with starting values, drawing any randomness from a caller-supplied
/// <see cref="Rng"/> so that the same seed gives the same network.
/// </summary>
/// <remarks>
/// Fan conventions (for the fan-scaled rules) follow the <c>Linear</c> layout, a weight of shape
/// (in_features, out_features): fan_in = shape[0], fan_out = shape[1]; see <see cref="Fans"/>.
/// </remarks>
public abstract class Initializer
{
    /// <summary>Overwrites every element of <paramref name="tensor"/>.</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="rng">The source of randomness (unused by deterministic rules).</param>
    public abstract void Fill<T>(NdArray<T> tensor, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Fills a parameter's value with this rule.</summary>
    public void Initialize<T>(Parameter<T> parameter, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Fill(parameter.Value, rng);
    }

    /// <summary>
    /// Fills the weights (<see cref="Parameter{T}.IsWeight"/>) with this rule and sets every other parameter
    /// (biases, shifts) to zero, in order, so the draws are reproducible.
    /// </summary>
    public void InitializeWeightsZeroBiases<T>(IEnumerable<Parameter<T>> parameters, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            if (p.IsWeight) Fill(p.Value, rng);
            else p.Value.Clear();
        }
    }
}
