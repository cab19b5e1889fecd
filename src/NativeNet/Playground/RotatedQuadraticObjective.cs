namespace NativeNet.Playground;

/// <summary>
/// f(x, y) = ((x − y)² + 0.1 (x + y)²) / 2: the elongated bowl of <see cref="AxisAlignedQuadraticObjective"/> turned
/// by 45° (Hessian eigenvalues 2 along (1, −1) and 0.2 along (1, 1)), minimum 0 at the origin. Per-coordinate
/// methods lose their advantage because the valley no longer follows an axis.
/// </summary>
public sealed class RotatedQuadraticObjective : Objective
{
    private static readonly double[][] TheMinimizers = [[0.0, 0.0]];
    private static readonly double[] TheStart = [-1.5, -0.5];

    /// <inheritdoc/>
    public override string Name => "rotated-quadratic";

    /// <inheritdoc/>
    public override string Formula => "((x - y)^2 + 0.1 (x + y)^2) / 2";

    /// <inheritdoc/>
    public override int Dimension => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<double[]> Minimizers => TheMinimizers;

    /// <inheritdoc/>
    public override IReadOnlyList<double> DefaultStart => TheStart;

    /// <inheritdoc/>
    public override PlotRegion Region => new(-2.0, 2.0, -2.0, 2.0);

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<double> point)
    {
        double d = point[0] - point[1], s = point[0] + point[1];
        return 0.5 * (d * d + 0.1 * s * s);
    }

    /// <inheritdoc/>
    protected override void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double d = point[0] - point[1], s = 0.1 * (point[0] + point[1]);
        gradient[0] = d + s;
        gradient[1] = -d + s;
    }
}
