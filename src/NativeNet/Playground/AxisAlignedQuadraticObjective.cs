namespace NativeNet.Playground;

/// <summary>
/// f(x, y) = x² + 0.1 y²: an axis-aligned elongated bowl (curvatures 2 and 0.2, condition number 10), minimum 0 at
/// the origin. Plain gradient descent zig-zags across x while crawling along y; per-coordinate scaling fixes that.
/// </summary>
public sealed class AxisAlignedQuadraticObjective : Objective
{
    private static readonly double[][] TheMinimizers = [[0.0, 0.0]];
    private static readonly double[] TheStart = [-1.5, 1.5];

    /// <inheritdoc/>
    public override string Name => "quadratic";

    /// <inheritdoc/>
    public override string Formula => "x^2 + 0.1 y^2";

    /// <inheritdoc/>
    public override int Dimension => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<double[]> Minimizers => TheMinimizers;

    /// <inheritdoc/>
    public override IReadOnlyList<double> DefaultStart => TheStart;

    /// <inheritdoc/>
    public override PlotRegion Region => new(-2.0, 2.0, -2.0, 2.0);

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<double> point) => point[0] * point[0] + 0.1 * point[1] * point[1];

    /// <inheritdoc/>
    protected override void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        gradient[0] = 2.0 * point[0];
        gradient[1] = 0.2 * point[1];
    }
}
