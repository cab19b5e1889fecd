namespace NativeNet.Playground;

/// <summary>
/// The common part of the analytic objectives: checks the sizes of points and gradient buffers once, then hands
/// the coordinates to the formula of the derived type.
/// </summary>
public abstract class Objective : IObjective
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract string Formula { get; }

    /// <inheritdoc/>
    public abstract int Dimension { get; }

    /// <inheritdoc/>
    public abstract IReadOnlyList<double[]> Minimizers { get; }

    /// <inheritdoc/>
    public virtual double MinimumValue => 0.0;

    /// <inheritdoc/>
    public abstract IReadOnlyList<double> DefaultStart { get; }

    /// <inheritdoc/>
    public abstract PlotRegion Region { get; }

    /// <inheritdoc/>
    public virtual bool PrefersLogContours => false;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> point)
    {
        RequirePoint(point);
        return Evaluate(point);
    }

    /// <inheritdoc/>
    public void Gradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        RequirePoint(point);
        RequireGradient(gradient);
        EvaluateGradient(point, gradient);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Formula}";

    /// <summary>The value; <paramref name="point"/> has <see cref="Dimension"/> coordinates.</summary>
    protected abstract double Evaluate(ReadOnlySpan<double> point);

    /// <summary>The gradient; both spans have <see cref="Dimension"/> elements.</summary>
    protected abstract void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient);

    /// <summary>Throws unless <paramref name="point"/> has <see cref="Dimension"/> coordinates.</summary>
    protected void RequirePoint(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimension)
            throw new ArgumentException($"The {Name} objective takes points of {Dimension} coordinates, got {point.Length}.", nameof(point));
    }

    /// <summary>Throws unless <paramref name="gradient"/> has room for <see cref="Dimension"/> partial derivatives.</summary>
    protected void RequireGradient(Span<double> gradient)
    {
        if (gradient.Length != Dimension)
            throw new ArgumentException($"The {Name} objective writes {Dimension} partial derivatives, but the gradient buffer has {gradient.Length}.", nameof(gradient));
    }
}
