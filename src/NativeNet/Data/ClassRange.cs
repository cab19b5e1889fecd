using NativeNet.IO;

namespace NativeNet.Data;

/// <summary>
/// Checks a file's labels against the declared class count (class names or an explicit count), or infers the count
/// as the largest label + 1 and bounds it by the number of samples, so that a corrupt label cannot size a model.
/// </summary>
internal static class ClassRange
{
    /// <summary>The declared class count: the number of names, else <paramref name="classCount"/>, else null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not positive.</exception>
    /// <exception cref="ArgumentException">Both are given and disagree.</exception>
    public static int? Declared(IReadOnlyList<string>? classNames, int? classCount)
    {
        if (classCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(classCount), $"The class count must be positive (got {classCount}).");
        if (classNames is not null && classCount is not null && classNames.Count != classCount)
            throw new ArgumentException($"{classNames.Count} class names were given for a class count of {classCount}.", nameof(classCount));
        return classNames?.Count ?? classCount;
    }

    /// <summary>
    /// Validates every label and returns the class names for the dataset: the given names, numbered names for a
    /// declared count, or numbered names for the inferred count.
    /// </summary>
    /// <param name="labels">The labels, all non-negative.</param>
    /// <param name="classNames">The declared names, or null.</param>
    /// <param name="classCount">The declared count, or null.</param>
    /// <param name="sourceName">The label file, for error messages.</param>
    /// <param name="offsetOf">The byte offset of a label in the file.</param>
    /// <param name="describe">Names the record of a label, e.g. "item 3".</param>
    /// <exception cref="DataFormatException">
    /// A label is outside the declared range, or the inferred count exceeds the number of labels.
    /// </exception>
    public static IReadOnlyList<string> Resolve(int[] labels, IReadOnlyList<string>? classNames, int? classCount, string sourceName,
        Func<int, long> offsetOf, Func<int, string> describe)
    {
        int? declared = Declared(classNames, classCount);
        int largest = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= declared)
                throw new DataFormatException(sourceName, offsetOf(i), $"label {labels[i]} of {describe(i)} is out of range for {declared} classes");
            if (largest < 0 || labels[i] > labels[largest]) largest = i;
        }
        if (classNames is not null) return classNames;
        if (declared is int count) return new NumberedClassNames(count);
        int inferred = largest < 0 ? 0 : labels[largest];
        if (largest >= 0 && (long)inferred + 1 > labels.Length)
            throw new DataFormatException(sourceName, offsetOf(largest),
                $"label {inferred} of {describe(largest)} implies {(long)inferred + 1:N0} classes, more than the {labels.Length:N0} samples; declare the class count if this is intended");
        return new NumberedClassNames(largest < 0 ? 0 : inferred + 1);
    }
}
