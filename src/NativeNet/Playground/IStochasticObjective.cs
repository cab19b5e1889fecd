using NativeNet.Tensors;

namespace NativeNet.Playground;

/// <summary>
/// An objective whose optimizers see a sampled gradient, an unbiased estimate of <see cref="IObjective.Gradient"/>
/// drawn from a seeded <see cref="Rng"/>; value and error are still measured on the full objective.
/// </summary>
public interface IStochasticObjective : IObjective
{
    /// <summary>Writes a sampled gradient at <paramref name="point"/>, drawing what it needs from <paramref name="rng"/>.</summary>
    /// <param name="point"><see cref="IObjective.Dimension"/> coordinates.</param>
    /// <param name="gradient">Receives the sampled partial derivatives.</param>
    /// <param name="rng">The generator that picks the sample; the same seed gives the same sequence.</param>
    void SampleGradient(ReadOnlySpan<double> point, Span<double> gradient, Rng rng);
}
