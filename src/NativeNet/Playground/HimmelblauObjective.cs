namespace NativeNet.Playground;

/// <summary>
/// Himmelblau's function f(x, y) = (x² + y − 11)² + (x + y² − 7)², four global minima of value 0 — at (3, 2) and
/// three irrational points — so which one an optimizer reaches depends on its start and its momentum.
/// </summary>
public sealed class HimmelblauObjective : Objective
{
    // The three irrational minimizers, solved by Newton's method to 20 digits.
    private static readonly double[][] TheMinimizers =
    [
        [3.0, 2.0],
        [-2.8051180869527448531, 3.1313125182505729658],
        [-3.7793102533777468919, -3.2831859912861694123],
        [3.5844283403304917449, -1.8481265269644035535],
    ];
    private static readonly double[] TheStart = [0.0, 0.0];

    /// <inheritdoc/>
    public override string Name => "himmelblau";

    /// <inheritdoc/>
    public override string Formula => "(x^2 + y - 11)^2 + (x + y^2 - 7)^2";

    /// <inheritdoc/>
    public override int Dimension => 2;

    /// <inheritdoc/>
    public override IReadOnlyList<double[]> Minimizers => TheMinimizers;

    /// <inheritdoc/>
    public override IReadOnlyList<double> DefaultStart => TheStart;

    /// <inheritdoc/>
    public override PlotRegion Region => new(-5.0, 5.0, -5.0, 5.0);

    /// <inheritdoc/>
    public override bool PrefersLogContours => true;

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<double> point)
    {
        double x = point[0], y = point[1];
        double a = x * x + y - 11.0, b = x + y * y - 7.0;
        return a * a + b * b;
    }

    /// <inheritdoc/>
    protected override void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double x = point[0], y = point[1];
        double a = x * x + y - 11.0, b = x + y * y - 7.0;
        gradient[0] = 4.0 * x * a + 2.0 * b;
        gradient[1] = 2.0 * a + 4.0 * y * b;
    }
}
