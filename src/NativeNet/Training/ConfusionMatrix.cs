using System.Globalization;
using System.Text;
using NativeNet.Metrics;

namespace NativeNet.Training;

/// <summary>
/// Counts of (true class, predicted class) pairs, with overall and per-class accuracy; <see cref="Metrics"/> gives
/// precision, recall and F1.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>Creates an empty matrix for the given classes.</summary>
    public ConfusionMatrix(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0) throw new ArgumentException("A confusion matrix needs at least one class.", nameof(classNames));
        ClassNames = classNames;
        _counts = new long[classNames.Count * classNames.Count];
    }

    /// <summary>The class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual * ClassCount + predicted];

    /// <summary>The number of samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>The fraction of samples whose prediction is their label (NaN when empty).</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < ClassCount; c++) correct += this[c, c];
            return Total == 0 ? double.NaN : (double)correct / Total;
        }
    }

    /// <summary>Counts one prediction.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, classes).</exception>
    public void Add(int actual, int predicted)
    {
        if ((uint)actual >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(actual), actual, $"Label outside [0, {ClassCount}).");
        if ((uint)predicted >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"Prediction outside [0, {ClassCount}).");
        _counts[actual * ClassCount + predicted]++;
        Total++;
    }

    /// <summary>For each class, the fraction of its samples predicted correctly (its recall; NaN for a class with no samples).</summary>
    public double[] PerClassAccuracy()
    {
        var result = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            long support = 0;
            for (int p = 0; p < ClassCount; p++) support += this[c, p];
            result[c] = support == 0 ? double.NaN : (double)this[c, c] / support;
        }
        return result;
    }

    /// <summary>
    /// Accuracy and per-class and macro-averaged precision, recall and F1 of these counts (see
    /// <see cref="ClassificationMetrics"/> for the conventions: 0 where undefined, macro over the classes that occur).
    /// </summary>
    public ClassificationMetrics Metrics()
    {
        var metrics = new ClassificationMetrics(ClassCount);
        for (int a = 0; a < ClassCount; a++)
            for (int p = 0; p < ClassCount; p++)
                if (this[a, p] != 0) metrics.Add(a, p, this[a, p]);
        return metrics;
    }

    /// <summary>The matrix as CSV: a header of predicted class names, then one row per true class, its name first.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("true\\predicted");
        foreach (var name in ClassNames) sb.Append(',').Append(name);
        sb.Append('\n');
        for (int a = 0; a < ClassCount; a++)
        {
            sb.Append(ClassNames[a]);
            for (int p = 0; p < ClassCount; p++) sb.Append(',').Append(this[a, p].ToString(CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The matrix as text: one row per true class, one column per predicted class.</summary>
    public override string ToString()
    {
        int width = Math.Max(6, ClassNames.Max(n => n.Length) + 1);
        var sb = new StringBuilder();
        sb.Append("true\\pred".PadRight(width));
        for (int p = 0; p < ClassCount; p++) sb.Append(p.ToString(CultureInfo.InvariantCulture).PadLeft(7));
        sb.AppendLine();
        for (int a = 0; a < ClassCount; a++)
        {
            sb.Append(ClassNames[a].PadRight(width));
            for (int p = 0; p < ClassCount; p++) sb.Append(this[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(7));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
