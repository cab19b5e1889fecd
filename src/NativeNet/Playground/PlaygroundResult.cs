namespace NativeNet.Playground;

/// <summary>
/// What a <see cref="PlaygroundRun"/> produced: the recorded path (step 0 is the start), the objective value and
/// error along it, and the summary figures.
/// </summary>
public sealed class PlaygroundResult
{
    internal PlaygroundResult(int dimension, int[] steps, double[] points, double[] values, double[] errors,
        int stepsTaken, int? stepsToTolerance, int? divergedAtStep, string? divergence)
    {
        Dimension = dimension;
        Steps = steps;
        Points = points;
        Values = values;
        Errors = errors;
        StepsTaken = stepsTaken;
        StepsToTolerance = stepsToTolerance;
        DivergedAtStep = divergedAtStep;
        Divergence = divergence;
    }

    /// <summary>The number of coordinates of each point.</summary>
    public int Dimension { get; }

    /// <summary>The step number of each recorded point, increasing from 0 (the start) to the last step taken.</summary>
    public IReadOnlyList<int> Steps { get; }

    /// <summary>The recorded points, row-major: point r is <c>Points[r·Dimension .. (r+1)·Dimension)</c>.</summary>
    public IReadOnlyList<double> Points { get; }

    /// <summary>The objective value at each recorded point.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The error (Euclidean distance to the nearest minimizer) at each recorded point.</summary>
    public IReadOnlyList<double> Errors { get; }

    /// <summary>The number of optimizer steps taken (fewer than requested when the run diverged).</summary>
    public int StepsTaken { get; }

    /// <summary>The first step whose error is at most the tolerance, or null if none was.</summary>
    public int? StepsToTolerance { get; }

    /// <summary>The step at which the gradient, the point or the value stopped being finite, or null if the run stayed finite.</summary>
    public int? DivergedAtStep { get; }

    /// <summary>What became non-finite at <see cref="DivergedAtStep"/>, in words; null if the run stayed finite.</summary>
    public string? Divergence { get; }

    /// <summary>Whether the run stopped on a non-finite gradient, point or value.</summary>
    public bool Diverged => DivergedAtStep is not null;

    /// <summary>The number of recorded points.</summary>
    public int RecordCount => Steps.Count;

    /// <summary>The last finite point reached.</summary>
    public double[] FinalPoint => Point(RecordCount - 1);

    /// <summary>The objective value at <see cref="FinalPoint"/>.</summary>
    public double FinalValue => Values[RecordCount - 1];

    /// <summary>The error at <see cref="FinalPoint"/>.</summary>
    public double FinalError => Errors[RecordCount - 1];

    /// <summary>Recorded point <paramref name="record"/> (a copy).</summary>
    public double[] Point(int record)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(record);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(record, RecordCount);
        var point = new double[Dimension];
        for (int j = 0; j < Dimension; j++) point[j] = Points[record * Dimension + j];
        return point;
    }
}
