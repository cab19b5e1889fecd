using NativeNet.Tensors;

namespace NativeNet.Playground;

/// <summary>
/// The stochastic mean problem min_y (1/n) Σᵢ ‖y − xᵢ‖² over fixed data points xᵢ: the minimizer is their mean x̄ and
/// the minimum their variance (1/n) Σᵢ ‖xᵢ − x̄‖². Optimizers see the gradient 2(y − xᵢ) of one data point drawn
/// uniformly per step, so a constant learning rate leaves them jittering around x̄ and only a decaying one converges.
/// </summary>
public sealed class StochasticMeanObjective : Objective, IStochasticObjective
{
    private readonly double[] _data;
    private readonly int _count;
    private readonly int _dimension;
    private readonly double[] _mean;
    private readonly double[][] _minimizers;
    private readonly double _variance;
    private readonly double[] _start;
    private readonly PlotRegion _region;

    /// <summary>Creates the problem over <paramref name="data"/>, row-major: point i is <c>data[i·dimension .. (i+1)·dimension)</c>.</summary>
    /// <param name="data">The data points, finite; a whole number of points.</param>
    /// <param name="dimension">The number of coordinates of y and of each xᵢ (at least 1).</param>
    /// <exception cref="ArgumentException">No data, a partial point, or a non-finite coordinate.</exception>
    public StochasticMeanObjective(ReadOnlySpan<double> data, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (data.Length == 0 || data.Length % dimension != 0)
            throw new ArgumentException($"The data must hold a whole, non-zero number of {dimension}-coordinate points; got {data.Length} values.", nameof(data));
        for (int i = 0; i < data.Length; i++)
            if (!double.IsFinite(data[i]))
                throw new ArgumentException($"Data value {i} (point {i / dimension}) is {data[i]}; the data must be finite.", nameof(data));
        _data = data.ToArray();
        _dimension = dimension;
        _count = data.Length / dimension;
        _mean = new double[dimension];
        for (int i = 0; i < _count; i++)
            for (int j = 0; j < dimension; j++) _mean[j] += _data[i * dimension + j];
        for (int j = 0; j < dimension; j++) _mean[j] /= _count;
        _minimizers = [_mean];
        for (int i = 0; i < _data.Length; i++)
        {
            double d = _data[i] - _mean[i % dimension];
            _variance += d * d;
        }
        _variance /= _count;

        _start = new double[dimension];
        for (int j = 0; j < dimension; j++) _start[j] = _mean[j] - 3.0;
        var region = new PlotRegion(_start[0], _start[0], dimension > 1 ? _start[1] : -1.0, dimension > 1 ? _start[1] : 1.0);
        for (int i = 0; i < _count; i++) region = region.Including(_data[i * dimension], dimension > 1 ? _data[i * dimension + 1] : 0.0);
        _region = region.Padded(0.1);
    }

    /// <summary>Draws <paramref name="count"/> points from a standard normal centred at (1, 1, …), the playground's <c>--data normal</c>.</summary>
    /// <param name="count">The number of data points n (at least 1).</param>
    /// <param name="dimension">The number of coordinates (at least 1).</param>
    /// <param name="rng">The generator; the same seed gives the same data.</param>
    public static StochasticMeanObjective Generate(int count, int dimension, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentNullException.ThrowIfNull(rng);
        var data = new double[count * dimension];
        for (int i = 0; i < data.Length; i++) data[i] = 1.0 + rng.NextNormal();
        return new StochasticMeanObjective(data, dimension);
    }

    /// <summary>The number of data points n.</summary>
    public int Count => _count;

    /// <summary>The data point <paramref name="index"/> (a copy).</summary>
    public double[] Point(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return _data.AsSpan(index * _dimension, _dimension).ToArray();
    }

    /// <inheritdoc/>
    public override string Name => "mean";

    /// <inheritdoc/>
    public override string Formula => $"(1/n) sum_i |y - x_i|^2, n = {_count}, one random x_i per step";

    /// <inheritdoc/>
    public override int Dimension => _dimension;

    /// <inheritdoc/>
    public override IReadOnlyList<double[]> Minimizers => _minimizers;

    /// <inheritdoc/>
    public override double MinimumValue => _variance;

    /// <inheritdoc/>
    public override IReadOnlyList<double> DefaultStart => _start;

    /// <inheritdoc/>
    public override PlotRegion Region => _region;

    /// <inheritdoc/>
    public void SampleGradient(ReadOnlySpan<double> point, Span<double> gradient, Rng rng)
    {
        RequirePoint(point);
        RequireGradient(gradient);
        ArgumentNullException.ThrowIfNull(rng);
        int offset = rng.NextInt(_count) * _dimension;
        for (int j = 0; j < _dimension; j++) gradient[j] = 2.0 * (point[j] - _data[offset + j]);
    }

    /// <inheritdoc/>
    /// <remarks>Uses (1/n) Σᵢ ‖y − xᵢ‖² = ‖y − x̄‖² + variance, so a step costs O(dimension), not O(n).</remarks>
    protected override double Evaluate(ReadOnlySpan<double> point)
    {
        double sum = _variance;
        for (int j = 0; j < _dimension; j++)
        {
            double d = point[j] - _mean[j];
            sum += d * d;
        }
        return sum;
    }

    /// <inheritdoc/>
    protected override void EvaluateGradient(ReadOnlySpan<double> point, Span<double> gradient)
    {
        for (int j = 0; j < _dimension; j++) gradient[j] = 2.0 * (point[j] - _mean[j]);
    }
}
