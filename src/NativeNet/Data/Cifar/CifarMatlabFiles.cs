using System.Numerics;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Reads the MATLAB version of CIFAR-100 with <see cref="MatFileReader"/>: train.mat and test.mat hold <c>data</c>,
/// a uint8 N×3,072 matrix (each row the red, green and blue 32×32 planes; stored column-major, as MATLAB stores every
/// matrix), and <c>fine_labels</c> and <c>coarse_labels</c>, N×1 (double or an integer class); meta.mat holds
/// <c>fine_label_names</c> and <c>coarse_label_names</c>, cell arrays of char.
/// </summary>
internal static class CifarMatlabFiles
{
    // Tiles of the transposition, so that both the column-major source and the row-major target stay in cache.
    private const int Tile = 64;

    /// <summary>Reads the images and the labels named <paramref name="labelName"/>.</summary>
    /// <exception cref="DataFormatException">The file is not such a MAT-file, or a label is outside [0, <paramref name="classCount"/>).</exception>
    public static Dataset<T> ReadDataset<T>(string path, string labelName, int classCount, IReadOnlyList<string> classNames)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var variables = MatFileReader.Read(path, new HashSet<string>(StringComparer.Ordinal) { "data", labelName });
        var data = Variable(variables, "data", path);
        if (!data.IsNumeric || data.Dimensions is not [int count, CifarReader.ImageBytes])
            throw new DataFormatException(path, data.Offset,
                $"'data' is a {data.FormatDimensions()} {data.Class} array, not an N×{CifarReader.ImageBytes} uint8 matrix");
        var labels = Labels(Variable(variables, labelName, path), count, classCount, path);
        var features = new NdArray<T>(count, 3, 32, 32);
        if (data.Storage == MatDataType.UInt8) WidenTransposed(data.Data, count, features.Span);
        else CopyTransposed(data, count, features.Span, path);
        return new Dataset<T>(features, labels, classNames);
    }

    /// <summary>The class names in the cell array <paramref name="name"/>; there must be <paramref name="expectedCount"/>.</summary>
    /// <exception cref="DataFormatException">The file is not such a MAT-file, or holds another number of names.</exception>
    public static IReadOnlyList<string> ReadNames(string path, string name, int expectedCount)
    {
        var cell = Variable(MatFileReader.Read(path, new HashSet<string>(StringComparer.Ordinal) { name }), name, path);
        if (cell.Class != MatClass.Cell)
            throw new DataFormatException(path, cell.Offset, $"'{name}' is a {cell.Class} array, not a cell array of names");
        var names = new string[cell.Cells.Count];
        for (int i = 0; i < names.Length; i++)
            names[i] = cell.Cells[i].Text?.Trim() ?? throw new DataFormatException(path, cell.Offset, $"cell {i} of '{name}' is a {cell.Cells[i].Class} array, not text");
        if (names.Length != expectedCount)
            throw new DataFormatException(path, cell.Offset, $"expected {expectedCount} class names in '{name}', found {names.Length}");
        return names;
    }

    private static MatArray Variable(IReadOnlyDictionary<string, MatArray> variables, string name, string path) =>
        variables.TryGetValue(name, out var variable)
            ? variable
            : throw new DataFormatException(path, 0, $"the MAT-file has no variable '{name}'");

    private static int[] Labels(MatArray variable, int count, int classCount, string path)
    {
        if (!variable.IsNumeric || variable.Dimensions is not ([_, 1] or [1, _]) || variable.ElementCount != count)
            throw new DataFormatException(path, variable.Offset,
                $"'{variable.Name}' is a {variable.FormatDimensions()} {variable.Class} array, not the {count}x1 labels of the {count} images");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            double label = variable.ValueAt(i);
            if (!(label >= 0 && label < classCount && label == Math.Floor(label)))
                throw new DataFormatException(path, variable.Offset, $"label {label} of image {i} in '{variable.Name}' is out of range for {classCount} classes");
            labels[i] = (int)label;
        }
        return labels;
    }

    // data(i, j) is byte i + j·N of the column-major source and element i·3072 + j of the (N, 3, 32, 32) target.
    private static void WidenTransposed<T>(IReadOnlyList<byte[]> pieces, int count, Span<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j0 = 0; j0 < CifarReader.ImageBytes; j0 += Tile)
        {
            for (int i0 = 0; i0 < count; i0 += Tile)
            {
                int iEnd = Math.Min(i0 + Tile, count);
                for (int j = j0; j < j0 + Tile; j++)
                {
                    long k = i0 + (long)j * count;
                    for (int i = i0; i < iEnd; i++, k++)
                        target[i * CifarReader.ImageBytes + j] = T.CreateTruncating(pieces[(int)(k / BoundedInput.ChunkSize)][(int)(k % BoundedInput.ChunkSize)]);
                }
            }
        }
    }

    // Pixels stored in another type than uint8 (a double matrix, say) must still be whole numbers 0..255.
    private static void CopyTransposed<T>(MatArray data, int count, Span<T> target, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (long k = 0; k < (long)count * CifarReader.ImageBytes; k++)
        {
            double value = data.ValueAt(k);
            if (!(value >= 0 && value <= 255 && value == Math.Floor(value)))
                throw new DataFormatException(path, data.Offset, $"pixel {k % count}, {k / count} of 'data' is {value}, not a whole number 0..255");
            target[(int)(k % count) * CifarReader.ImageBytes + (int)(k / count)] = T.CreateTruncating(value);
        }
    }
}
