namespace NativeNet.Playground;

/// <summary>
/// Rosenbrock's banana function f(x, y) = (1 − x)² + 100(y − x²)²: a curved, nearly flat valley between steep
/// walls, minimum 0 at (1, 1). Finding the valley is easy; following it is what separates optimizers.
/// </summary>
public sealed class RosenbrockObjective : Objective
{
    private static readonly double[][] TheMinimizers = [[1.0, 1.0]];
    private static readonly double[] TheStart = [-1.5, 2.0];

    /// <inheritdoc/>
    public override string Name => "rosenbrock";

    /// <inheritdoc/>
    public override string Formula => "(1 - x)^2 + 100 (y - x^2)^2";

    /// <inheritdoc/>
    public override int Dimension => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<double[]> Minimizers => TheMinimizers;

    /// <inheritdoc/>
    public override IReadOnlyList<double> DefaultStart => TheStart;

    /// <inheritdoc/>
    public override PlotRegion Region => new(-2.0, 2.0, -1.0, 3.0);

    /// <inheritdoc/>
    public override bool PrefersLogContours => true;

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<double> point)
    {
        double x = point[0], y = point[1];
        double a = 1.0 - x, b = y - x * x;
        return a * a + 100.0 * b * b;
    }

    /// <inheritdoc/>
    protected override void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double x = point[0], y = point[1];
        double b = y - x * x;
        gradient[0] = -2.0 * (1.0 - x) - 400.0 * x * b;
        gradient[1] = 200.0 * b;
    }
}
