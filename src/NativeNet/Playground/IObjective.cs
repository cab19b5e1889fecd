namespace NativeNet.Playground;

/// <summary>
/// A differentiable function of a parameter vector with an exact gradient and known minimizers, for watching an
/// optimizer at work: the error of a point is its distance to the nearest minimizer.
/// </summary>
/// <remarks>
/// Implementations allocate nothing in <see cref="Value"/> and <see cref="Gradient"/>, so a playground run of
/// 10⁵ steps costs only the arithmetic. Objectives whose gradient is sampled (one data point per step) also
/// implement <see cref="IStochasticObjective"/>.
/// </remarks>
public interface IObjective
{
    /// <summary>A short name, e.g. <c>rosenbrock</c>, used on the command line and in file names.</summary>
    string Name { get; }

    /// <summary>The formula in plain text, for plot titles and reports.</summary>
    string Formula { get; }

    /// <summary>The number of coordinates of a point.</summary>
    int Dimension { get; }

    /// <summary>The value at <paramref name="point"/>.</summary>
    /// <param name="point"><see cref="Dimension"/> coordinates.</param>
    double Value(ReadOnlySpan<double> point);

    /// <summary>Writes the exact gradient at <paramref name="point"/> into <paramref name="gradient"/>.</summary>
    /// <param name="point"><see cref="Dimension"/> coordinates.</param>
    /// <param name="gradient">Receives <see cref="Dimension"/> partial derivatives.</param>
    void Gradient(ReadOnlySpan<double> point, Span<double> gradient);

    /// <summary>The global minimizers (every one, when there are several of equal value).</summary>
    IReadOnlyList<double[]> Minimizers { get; }

    /// <summary>The value at the minimizers.</summary>
    double MinimumValue { get; }

    /// <summary>A start point that shows the objective's difficulty.</summary>
    IReadOnlyList<double> DefaultStart { get; }

    /// <summary>The region to draw for two-dimensional objectives (it contains the minimizers and the default start).</summary>
    PlotRegion Region { get; }

    /// <summary>Whether contour levels should be spaced logarithmically (steep walls around a flat valley).</summary>
    bool PrefersLogContours { get; }
}
