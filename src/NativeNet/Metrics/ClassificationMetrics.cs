namespace NativeNet.Metrics;

/// <summary>
/// Accumulates (label, predicted class) pairs into accuracy and per-class and macro-averaged precision, recall and F1,
/// in memory linear in the number of classes (a <see cref="Training.ConfusionMatrix"/> holds every pair, and takes
/// its own metrics from here).
/// </summary>
/// <remarks>
/// Precision, recall and F1 are 0 where their denominator is (scikit-learn's <c>zero_division=0</c>). The macro
/// averages weigh equally the classes that occur, as a label or as a prediction: a class absent from both would only
/// add a 0 that says nothing about the model. A prediction outside the classes (a network with more outputs than the
/// data has classes) is wrong for its sample's recall and counts towards no class's precision.
/// </remarks>
public sealed class ClassificationMetrics
{
    private readonly long[] _correct, _predicted, _actual;

    /// <summary>Creates an empty accumulator for labels in [0, <paramref name="classes"/>).</summary>
    public ClassificationMetrics(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        _correct = new long[classes];
        _predicted = new long[classes];
        _actual = new long[classes];
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount => _actual.Length;

    /// <summary>The number of samples added.</summary>
    public long Total { get; private set; }

    /// <summary>The number of samples predicted as their label.</summary>
    public long Correct { get; private set; }

    /// <summary>Adds one sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actual"/> is outside the classes, or <paramref name="predicted"/> is negative.</exception>
    public void Add(int actual, int predicted) => Add(actual, predicted, 1);

    /// <summary>Adds <paramref name="count"/> samples of label <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    internal void Add(int actual, int predicted, long count)
    {
        if ((uint)actual >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(actual), actual, $"Label outside [0, {ClassCount}).");
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        _actual[actual] += count;
        if (predicted < ClassCount) _predicted[predicted] += count;
        if (predicted == actual)
        {
            _correct[actual] += count;
            Correct += count;
        }
        Total += count;
    }

    /// <summary>The fraction of samples predicted as their label (NaN when empty).</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>Of the samples predicted as class <paramref name="c"/>, the fraction that are of it (0 when none are).</summary>
    public double Precision(int c) => _predicted[c] == 0 ? 0 : (double)_correct[c] / _predicted[c];

    /// <summary>Of the samples of class <paramref name="c"/>, the fraction predicted as it (0 when the class has none).</summary>
    public double Recall(int c) => _actual[c] == 0 ? 0 : (double)_correct[c] / _actual[c];

    /// <summary>The harmonic mean of <see cref="Precision"/> and <see cref="Recall"/> of class <paramref name="c"/> (0 when both are 0).</summary>
    public double F1(int c)
    {
        double precision = Precision(c), recall = Recall(c);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /// <summary><see cref="Precision"/> averaged over the classes that occur (NaN when empty).</summary>
    public double MacroPrecision => Macro(Precision);

    /// <summary><see cref="Recall"/> averaged over the classes that occur (NaN when empty).</summary>
    public double MacroRecall => Macro(Recall);

    /// <summary><see cref="F1"/> averaged over the classes that occur (NaN when empty).</summary>
    public double MacroF1 => Macro(F1);

    private double Macro(Func<int, double> metric)
    {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < ClassCount; c++)
        {
            if (_actual[c] == 0 && _predicted[c] == 0) continue;
            sum += metric(c);
            classes++;
        }
        return classes == 0 ? double.NaN : sum / classes;
    }
}
