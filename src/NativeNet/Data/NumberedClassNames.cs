using System.Collections;
using System.Globalization;

namespace NativeNet.Data;

/// <summary>
/// The class names "0", "1", ... up to a count, formatted on demand: a class count inferred from or declared for
/// the labels then costs no memory, however large it is.
/// </summary>
internal sealed class NumberedClassNames(int count) : IReadOnlyList<string>
{
    public int Count { get; } = count;

    public string this[int index] => (uint)index < (uint)Count
        ? index.ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(index), $"Class {index} is outside the {Count} classes.");

    public IEnumerator<string> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return i.ToString(CultureInfo.InvariantCulture);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
