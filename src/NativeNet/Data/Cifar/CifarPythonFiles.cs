using System.Numerics;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Reads the python version of CIFAR-10 and CIFAR-100: every file is a pickled dict, read with
/// <see cref="RestrictedUnpickler"/>. A batch holds <c>data</c>, a uint8 numpy array of N × 3,072 (each row the
/// red, green and blue 32×32 planes, as in the binary version), and the labels as a list of N ints (<c>labels</c>,
/// or <c>fine_labels</c> and <c>coarse_labels</c>); a meta file holds the class names as a list of strings.
/// </summary>
internal static class CifarPythonFiles
{
    /// <summary>Reads the images and the labels under <paramref name="labelKey"/> of every file, in order.</summary>
    public static Dataset<T> ReadDataset<T>(IReadOnlyList<string> paths, string labelKey, int classCount, IReadOnlyList<string> classNames)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Every file is parsed before the (N, 3, 32, 32) array is allocated, so it is sized by what the files hold;
        // the pixels stay views of the files' bytes until they are widened.
        var batches = paths.Select(path => ReadBatch(path, labelKey, classCount)).ToList();
        long total = batches.Sum(b => (long)b.Labels.Length);
        if (total * CifarReader.ImageBytes > Array.MaxLength)
            throw new DataFormatException(paths[^1], 0, $"{total:N0} images are more than one array can hold");
        var features = new NdArray<T>((int)total, 3, 32, 32);
        var labels = new int[total];
        int row = 0;
        foreach (var (pixels, batchLabels) in batches)
        {
            ByteWidening.Widen(pixels, features.Span.Slice(row * CifarReader.ImageBytes, pixels.Count));
            batchLabels.CopyTo(labels, row);
            row += batchLabels.Length;
        }
        return new Dataset<T>(features, labels, classNames);
    }

    /// <summary>One file's pixels (N × 3,072 bytes, a view of the file) and its labels under <paramref name="labelKey"/>.</summary>
    /// <exception cref="DataFormatException">The file is not such a pickle, or a label is outside [0, <paramref name="classCount"/>).</exception>
    public static (ArraySegment<byte> Pixels, int[] Labels) ReadBatch(string path, string labelKey, int classCount)
    {
        var pickle = Unpickle(path);
        var dict = Dict(pickle);
        if (Entry(pickle, dict, "data") is not PickledArray { DType: { Kind: 'u', ItemSize: 1 } } data)
            throw pickle.Error(dict, $"'data' is {RestrictedUnpickler.Describe(dict["data"])}, not a uint8 numpy array");
        if (data.Shape is not [int count, CifarReader.ImageBytes] || data.FortranOrder)
            throw pickle.Error(data, $"'data' has shape ({string.Join(", ", data.Shape)}){(data.FortranOrder ? " in Fortran order" : "")}, not (N, {CifarReader.ImageBytes}) in C order");
        var labels = Labels(pickle, dict, labelKey, count, classCount);
        return (data.Data, labels);
    }

    /// <summary>The class names under <paramref name="key"/> of a meta file; there must be <paramref name="expectedCount"/>.</summary>
    /// <exception cref="DataFormatException">The file is not such a pickle, or holds another number of names.</exception>
    public static IReadOnlyList<string> ReadNames(string path, string key, int expectedCount)
    {
        var pickle = Unpickle(path);
        var dict = Dict(pickle);
        if (Entry(pickle, dict, key) is not List<object?> items)
            throw pickle.Error(dict, $"'{key}' is {RestrictedUnpickler.Describe(dict[key])}, not a list of names");
        var names = new string[items.Count];
        for (int i = 0; i < names.Length; i++)
            names[i] = RestrictedUnpickler.Text(items[i]) ?? throw pickle.Error(items, $"name {i} of '{key}' is {RestrictedUnpickler.Describe(items[i])}, not a string");
        if (names.Length != expectedCount)
            throw pickle.Error(items, $"expected {expectedCount} class names in '{key}', found {names.Length}");
        return names;
    }

    private static UnpickledValue Unpickle(string path)
    {
        using var file = BoundedInput.OpenFile(path, "CIFAR python");
        long length = file.Length;
        if (length > Array.MaxLength) throw new DataFormatException(path, 0, $"the file is {length:N0} bytes, more than one array can hold");
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        int read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length) throw new DataFormatException(path, read, "the file shrank while it was being read");
        return RestrictedUnpickler.Read(bytes, path);
    }

    private static Dictionary<string, object?> Dict(UnpickledValue pickle) =>
        pickle.Root as Dictionary<string, object?>
        ?? throw new DataFormatException(pickle.SourceName, 0, $"the pickle holds {RestrictedUnpickler.Describe(pickle.Root)}, not a dict as the CIFAR python files do");

    private static object? Entry(UnpickledValue pickle, Dictionary<string, object?> dict, string key) =>
        dict.TryGetValue(key, out var value)
            ? value
            : throw pickle.Error(dict, $"the dict has no '{key}' (its keys: {string.Join(", ", dict.Keys.Order(StringComparer.Ordinal))})");

    // A list of ints, or a one-dimensional integer array as a re-saved file may hold.
    private static int[] Labels(UnpickledValue pickle, Dictionary<string, object?> dict, string key, int count, int classCount)
    {
        var value = Entry(pickle, dict, key);
        var labels = new int[count];
        long Check(long label, int index) => label >= 0 && label < classCount
            ? label
            : throw pickle.Error(value, $"label {label} of image {index} in '{key}' is out of range for {classCount} classes");
        switch (value)
        {
            case List<object?> list when list.Count == count:
                for (int i = 0; i < count; i++)
                    labels[i] = (int)Check(list[i] as long? ?? throw pickle.Error(list, $"item {i} of '{key}' is {RestrictedUnpickler.Describe(list[i])}, not an int"), i);
                return labels;
            case PickledArray { Shape: [int length], DType.Kind: 'i' or 'u' } array when length == count:
                for (int i = 0; i < count; i++) labels[i] = (int)Check(array.IntegerAt(i), i);
                return labels;
            case List<object?> or PickledArray { Shape: [_], DType.Kind: 'i' or 'u' }:
                throw pickle.Error(value, $"'{key}' holds {(value as List<object?>)?.Count ?? ((PickledArray)value).Shape[0]:N0} labels but 'data' holds {count:N0} images");
            default:
                throw pickle.Error(dict, $"'{key}' is {RestrictedUnpickler.Describe(value)}, not a list of ints");
        }
    }
}
