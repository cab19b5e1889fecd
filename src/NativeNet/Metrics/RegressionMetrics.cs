using System.Numerics;
using NativeNet.Tensors;

namespace NativeNet.Metrics;

/// <summary>
/// Accumulates predictions against targets, batch by batch, into the mean squared error, the mean absolute error and
/// the coefficient of determination R² — the regression metrics of <see cref="Training.Solver{T}"/> and <c>nativenet train --task regression</c>.
/// </summary>
/// <remarks>
/// MSE and MAE average over every value (samples × outputs). R² = 1 − SS_res/SS_tot is computed per output and
/// averaged uniformly over the outputs (scikit-learn's <c>r2_score</c> default); an output whose targets are all equal
/// has no variance to explain and scores 1 when predicted exactly, 0 otherwise. The target means and sums of squares
/// are updated with Welford's method, so large offsets do not cancel.
/// </remarks>
public sealed class RegressionMetrics
{
    private readonly double[] _mean, _squares, _residuals;
    private double _absolute;

    /// <summary>Creates an empty accumulator for <paramref name="outputs"/> target values per sample.</summary>
    public RegressionMetrics(int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        _mean = new double[outputs];
        _squares = new double[outputs];
        _residuals = new double[outputs];
    }

    /// <summary>The number of target values per sample.</summary>
    public int Outputs => _mean.Length;

    /// <summary>The number of samples added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds a batch: predictions and targets of shape (n, <see cref="Outputs"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ or do not have <see cref="Outputs"/> columns.</exception>
    public void Add<T>(NdArray<T> predictions, NdArray<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (!predictions.HasShape(targets.Shape) || targets.RowLength != Outputs)
            throw new ArgumentException($"Predictions {predictions.ShapeString} and targets {targets.ShapeString} must both have shape (n, {Outputs}).", nameof(predictions));
        ReadOnlySpan<T> p = predictions.Span, t = targets.Span;
        for (int i = 0; i < targets.Rows; i++)
        {
            Count++;
            for (int k = 0; k < Outputs; k++)
            {
                double y = double.CreateTruncating(t[i * Outputs + k]), e = double.CreateTruncating(p[i * Outputs + k]) - y;
                _residuals[k] += e * e;
                _absolute += Math.Abs(e);
                double delta = y - _mean[k];
                _mean[k] += delta / Count;
                _squares[k] += delta * (y - _mean[k]);
            }
        }
    }

    /// <summary>The mean squared error over all values (NaN when empty).</summary>
    public double MeanSquaredError => Count == 0 ? double.NaN : _residuals.Sum() / (Count * Outputs);

    /// <summary>The mean absolute error over all values (NaN when empty).</summary>
    public double MeanAbsoluteError => Count == 0 ? double.NaN : _absolute / (Count * Outputs);

    /// <summary>R², averaged uniformly over the outputs (NaN when empty).</summary>
    public double RSquared
    {
        get
        {
            if (Count == 0) return double.NaN;
            double sum = 0;
            for (int k = 0; k < Outputs; k++)
                sum += _squares[k] > 0 ? 1 - _residuals[k] / _squares[k] : _residuals[k] == 0 ? 1 : 0;
            return sum / Outputs;
        }
    }
}
