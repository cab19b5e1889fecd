namespace NativeNet.Playground;

/// <summary>
/// f(x) = ½ Σᵢ sᵢ xᵢ² = ½ xᵀ diag(s) x for chosen singular values s (all positive): the Hessian is diag(s), so the
/// condition number max(s)/min(s) is set directly, and gradient descent with step η contracts coordinate i by
/// |1 − η sᵢ| per step. Minimum 0 at the origin.
/// </summary>
public sealed class DiagonalQuadraticObjective : Objective
{
    private readonly double[] _singularValues;
    private readonly double[][] _minimizers;
    private readonly double[] _start;

    /// <summary>Creates the quadratic with Hessian diag(<paramref name="singularValues"/>).</summary>
    /// <param name="singularValues">One finite positive value per coordinate; at least one.</param>
    /// <exception cref="ArgumentException">The list is empty or a value is not finite and positive.</exception>
    public DiagonalQuadraticObjective(IReadOnlyList<double> singularValues)
    {
        ArgumentNullException.ThrowIfNull(singularValues);
        if (singularValues.Count == 0) throw new ArgumentException("A diagonal quadratic needs at least one singular value.", nameof(singularValues));
        _singularValues = new double[singularValues.Count];
        for (int i = 0; i < _singularValues.Length; i++)
        {
            double s = singularValues[i];
            if (!double.IsFinite(s) || s <= 0)
                throw new ArgumentException($"Singular value {i} is {s}; every singular value must be finite and positive.", nameof(singularValues));
            _singularValues[i] = s;
        }
        _minimizers = [new double[_singularValues.Length]];
        _start = new double[_singularValues.Length];
        Array.Fill(_start, 1.0);
    }

    /// <summary>The singular values (the Hessian's diagonal).</summary>
    public IReadOnlyList<double> SingularValues => _singularValues;

    /// <summary>max(s) / min(s), the condition number of the Hessian.</summary>
    public double ConditionNumber => _singularValues.Max() / _singularValues.Min();

    /// <inheritdoc/>
    public override string Name => "diagonal";

    /// <inheritdoc/>
    public override string Formula => $"1/2 sum s_i x_i^2, s = ({string.Join(", ", _singularValues.Select(s => s.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))})";

    /// <inheritdoc/>
    public override int Dimension => _singularValues.Length;

    /// <inheritdoc/>
    public override IReadOnlyList<double[]> Minimizers => _minimizers;

    /// <inheritdoc/>
    public override IReadOnlyList<double> DefaultStart => _start;

    /// <inheritdoc/>
    public override PlotRegion Region => new(-1.5, 1.5, -1.5, 1.5);

    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<double> point)
    {
        double sum = 0;
        for (int i = 0; i < point.Length; i++) sum += _singularValues[i] * point[i] * point[i];
        return 0.5 * sum;
    }

    /// <inheritdoc/>
    protected override void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        for (int i = 0; i < point.Length; i++) gradient[i] = _singularValues[i] * point[i];
    }
}
