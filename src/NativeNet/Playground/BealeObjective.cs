namespace NativeNet.Playground;

/// <summary>
/// Beale's function f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, 0.5):
/// flat plateaus and sharp ridges along the axes, so step sizes that suit one region overshoot in another.
/// </summary>
public sealed class BealeObjective : Objective
{
    private static readonly double[][] TheMinimizers = [[3.0, 0.5]];
    private static readonly double[] TheStart = [1.0, 1.5];

    /// <inheritdoc/>
    public override string Name => "beale";

    /// <inheritdoc/>
    public override string Formula => "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2";

    /// <inheritdoc/>
    public override int Dimension => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<double[]> Minimizers => TheMinimizers;

    /// <inheritdoc/>
    public override IReadOnlyList<double> DefaultStart => TheStart;

    /// <inheritdoc/>
    public override PlotRegion Region => new(-4.5, 4.5, -4.5, 4.5);

    /// <inheritdoc/>
    public override bool PrefersLogContours => true;

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<double> point)
    {
        double x = point[0], y = point[1];
        double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
        return t1 * t1 + t2 * t2 + t3 * t3;
    }

    /// <inheritdoc/>
    protected override void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double x = point[0], y = point[1];
        double y2 = y * y, y3 = y2 * y;
        double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
        gradient[0] = 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0));
        gradient[1] = 2.0 * x * (t1 + 2.0 * y * t2 + 3.0 * y2 * t3);
    }
}
