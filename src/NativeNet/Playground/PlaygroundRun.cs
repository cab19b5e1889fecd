using NativeNet.Layers;
using NativeNet.Optimizers;
using NativeNet.Tensors;

namespace NativeNet.Playground;

/// <summary>
/// Runs a library optimizer — the same classes that train networks — on an analytic objective: the point is one
/// <see cref="Parameter{T}"/> whose gradient is filled from the objective before every <see cref="Optimizer{T}.Step"/>.
/// </summary>
/// <remarks>
/// The loop allocates nothing: 10⁵ steps on a 2-D objective cost a few milliseconds. A run stops at the first
/// step whose gradient, point or value is not finite and reports it as divergence at that step.
/// </remarks>
public sealed class PlaygroundRun
{
    private readonly IObjective _objective;
    private readonly Func<IEnumerable<Parameter<double>>, Optimizer<double>> _optimizerFactory;

    /// <summary>Prepares runs of one optimizer configuration on one objective.</summary>
    /// <param name="objective">The function to minimize.</param>
    /// <param name="optimizerFactory">Builds the optimizer over the parameters it is given (one parameter, the point).</param>
    public PlaygroundRun(IObjective objective, Func<IEnumerable<Parameter<double>>, Optimizer<double>> optimizerFactory)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizerFactory);
        _objective = objective;
        _optimizerFactory = optimizerFactory;
    }

    /// <summary>The error below which a point counts as converged; default 1e-6.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Record every this many steps (the start, the last step and the tolerance step are always recorded); default 1.</summary>
    public int RecordEvery { get; init; } = 1;

    /// <summary>
    /// Inverse-time decay δ of the learning rate: step k uses η₀ / (1 + δ·(k − 1)); default 0 (constant). A decaying
    /// rate is what lets stochastic gradients converge instead of jittering around the minimizer.
    /// </summary>
    public double LearningRateDecay { get; init; }

    /// <summary>The seed of the generator that draws the samples of an <see cref="IStochasticObjective"/>; default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Minimizes from <paramref name="start"/> for at most <paramref name="steps"/> optimizer steps.</summary>
    /// <param name="start">The start point, <see cref="IObjective.Dimension"/> finite coordinates.</param>
    /// <param name="steps">The number of steps (≥ 0).</param>
    /// <exception cref="ArgumentException">The start has the wrong length or is not finite, or a setting is out of range.</exception>
    public PlaygroundResult Run(ReadOnlySpan<double> start, int steps)
    {
        int d = _objective.Dimension;
        if (start.Length != d)
            throw new ArgumentException($"The {_objective.Name} objective needs a start point of {d} coordinates, got {start.Length}.", nameof(start));
        for (int j = 0; j < d; j++)
            if (!double.IsFinite(start[j])) throw new ArgumentException($"Start coordinate {j} is {start[j]}; it must be finite.", nameof(start));
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (!(Tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance must be non-negative.");
        if (RecordEvery < 1) throw new ArgumentOutOfRangeException(nameof(RecordEvery), RecordEvery, "Record at least every step count of 1.");
        if (!(LearningRateDecay >= 0) || !double.IsFinite(LearningRateDecay))
            throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), LearningRateDecay, "The learning-rate decay must be finite and non-negative.");

        var parameter = new Parameter<double>("point", NdArray<double>.FromArray(start, d));
        var optimizer = _optimizerFactory([parameter]) ?? throw new InvalidOperationException("The optimizer factory returned null.");
        if (optimizer.Parameters.Count != 1 || !ReferenceEquals(optimizer.Parameters[0], parameter))
            throw new InvalidOperationException("The optimizer factory must build the optimizer over exactly the parameter it is given.");
        double baseRate = optimizer.LearningRate;
        var stochastic = _objective as IStochasticObjective;
        var rng = new Rng(Seed);

        int capacity = Math.Min(steps / RecordEvery + 3, 1 << 24);
        var recordedSteps = new List<int>(capacity);
        var points = new List<double>((int)Math.Min((long)capacity * d, 1 << 24));
        var values = new List<double>(capacity);
        var errors = new List<double>(capacity);

        Span<double> x = parameter.Value.Span;
        Span<double> g = parameter.Grad.Span;
        double value = _objective.Value(x);
        double error = Error(x);
        Record(0, x, value, error);
        var lastFinite = start.ToArray();
        double lastValue = value, lastError = error;
        int? reached = error <= Tolerance ? 0 : null;
        int? divergedAt = null;
        string? divergence = null;
        int taken = 0;

        for (int k = 1; k <= steps; k++)
        {
            if (stochastic is not null) stochastic.SampleGradient(x, g, rng);
            else _objective.Gradient(x, g);
            if (!AllFinite(g)) { divergedAt = k; divergence = "the gradient overflowed"; break; }
            if (LearningRateDecay > 0) optimizer.LearningRate = baseRate / (1.0 + LearningRateDecay * (k - 1));
            optimizer.Step();
            if (!AllFinite(x)) { divergedAt = k; divergence = "the point overflowed"; break; }
            value = _objective.Value(x);
            if (!double.IsFinite(value)) { divergedAt = k; divergence = "the objective value overflowed"; break; }
            taken = k;
            error = Error(x);
            x.CopyTo(lastFinite);
            lastValue = value;
            lastError = error;
            bool firstHit = reached is null && error <= Tolerance;
            if (firstHit) reached = k;
            if (k % RecordEvery == 0 || k == steps || firstHit) Record(k, x, value, error);
        }

        // The last finite point ends the record even when the run stopped between recording intervals.
        if (recordedSteps[^1] != taken) Record(taken, lastFinite, lastValue, lastError);

        return new PlaygroundResult(d, [.. recordedSteps], [.. points], [.. values], [.. errors], taken, reached, divergedAt, divergence);

        void Record(int step, ReadOnlySpan<double> point, double v, double e)
        {
            recordedSteps.Add(step);
            for (int j = 0; j < point.Length; j++) points.Add(point[j]);
            values.Add(v);
            errors.Add(e);
        }
    }

    /// <summary>The Euclidean distance from <paramref name="point"/> to the nearest minimizer of the objective.</summary>
    public double Error(ReadOnlySpan<double> point)
    {
        double best = double.PositiveInfinity;
        var minimizers = _objective.Minimizers;
        for (int m = 0; m < minimizers.Count; m++)
        {
            double[] minimizer = minimizers[m];
            double sum = 0;
            for (int j = 0; j < point.Length; j++)
            {
                double diff = point[j] - minimizer[j];
                sum += diff * diff;
            }
            best = Math.Min(best, sum);
        }
        return Math.Sqrt(best);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) return false;
        return true;
    }
}
