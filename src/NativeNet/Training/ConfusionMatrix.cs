using System.Globalization;
using System.Text;

namespace NativeNet.Training;

/// <summary>
/// Counts of (true class, predicted class) pairs, with overall and per-class accuracy and per-class and macro-averaged
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

    /// <summary>Of the samples predicted as class <paramref name="c"/>, the fraction that are of it (0 when none are predicted as it).</summary>
    public double Precision(int c)
    {
        long predicted = 0;
        for (int a = 0; a < ClassCount; a++) predicted += this[a, c];
        return predicted == 0 ? 0 : (double)this[c, c] / predicted;
    }

    /// <summary>Of the samples of class <paramref name="c"/>, the fraction predicted as it (0 when the class has none).</summary>
    public double Recall(int c)
    {
        long support = 0;
        for (int p = 0; p < ClassCount; p++) support += this[c, p];
        return support == 0 ? 0 : (double)this[c, c] / support;
    }

    /// <summary>The harmonic mean of <see cref="Precision"/> and <see cref="Recall"/> of class <paramref name="c"/> (0 when both are 0).</summary>
    public double F1(int c)
    {
        double precision = Precision(c), recall = Recall(c);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /// <summary>
    /// <see cref="Precision"/> averaged over the classes that occur (as a label or a prediction), each class weighing
    /// the same; NaN when empty. Classes absent from both would only add zeros that say nothing about the model.
    /// </summary>
    public double MacroPrecision => Macro(Precision);

    /// <summary><see cref="Recall"/> averaged as <see cref="MacroPrecision"/> is.</summary>
    public double MacroRecall => Macro(Recall);

    /// <summary><see cref="F1"/> averaged as <see cref="MacroPrecision"/> is.</summary>
    public double MacroF1 => Macro(F1);

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

    private double Macro(Func<int, double> metric)
    {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < ClassCount; c++)
        {
            bool occurs = false;
            for (int i = 0; i < ClassCount && !occurs; i++) occurs = this[c, i] != 0 || this[i, c] != 0;
            if (!occurs) continue;
            sum += metric(c);
            classes++;
        }
        return classes == 0 ? double.NaN : sum / classes;
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
