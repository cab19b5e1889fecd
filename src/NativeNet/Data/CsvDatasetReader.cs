using System.Globalization;
using System.Numerics;
using System.Text;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Data;

/// <summary>
/// Reads a numeric CSV file (raw or gzip-compressed) into a dataset: every column is a feature except the label
/// column, which must hold non-negative integers.
/// </summary>
public static class CsvDatasetReader
{
    /// <summary>Reads <paramref name="path"/>; see <see cref="Read{T}(Stream, string, int, bool?, char, IReadOnlyList{string}?, int?)"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A cell is not a number, a row has the wrong number of cells, a label is not a non-negative integer or is outside
    /// the class range, or the file is corrupt (gzip), empty or not a regular file.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="classNames"/> and <paramref name="classCount"/> disagree, or the count is not positive.</exception>
    public static Dataset<T> Read<T>(string path, int labelColumn = -1, bool? hasHeader = null, char delimiter = ',', IReadOnlyList<string>? classNames = null, int? classCount = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ClassRange.Declared(classNames, classCount);
        using var stream = BoundedInput.Open(path, out _, out _);
        return Read<T>(stream, path, labelColumn, hasHeader, delimiter, classNames, classCount);
    }

    /// <summary>Reads CSV text from <paramref name="stream"/> (gzip is detected by its magic bytes).</summary>
    /// <param name="stream">The CSV content.</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <param name="labelColumn">The label column; negative values count from the end (-1: the last column).</param>
    /// <param name="hasHeader">Whether the first line is a header; null detects it (a first line with a non-numeric cell).</param>
    /// <param name="delimiter">The cell separator.</param>
    /// <param name="classNames">
    /// Class names (for a test set, the training set's <see cref="Dataset{T}.ClassNames"/>); every label must be below
    /// their count. Null names the classes by number.
    /// </param>
    /// <param name="classCount">
    /// The number of classes when <paramref name="classNames"/> is null. When both are null the count is inferred as
    /// the largest label + 1, which must not exceed the number of rows.
    /// </param>
    /// <exception cref="DataFormatException">
    /// A cell is not a number, a row has the wrong number of cells, a label is not a non-negative integer or is outside
    /// the class range (the message names the row, line and value), or the gzip data is corrupt.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="classNames"/> and <paramref name="classCount"/> disagree, or the count is not positive.</exception>
    public static Dataset<T> Read<T>(Stream stream, string sourceName, int labelColumn = -1, bool? hasHeader = null, char delimiter = ',', IReadOnlyList<string>? classNames = null, int? classCount = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        ClassRange.Declared(classNames, classCount);
        var values = new List<T>();
        var labels = new List<int>();
        var labelPositions = new List<(long Offset, int Line)>();
        int columns = ReadRows(stream, sourceName, hasHeader, delimiter, columns =>
        {
            int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
            if (label < 0 || label >= columns) return ($"label column {labelColumn} does not exist in rows of {columns} cells", -1, null);
            return (null, label, null);
        }, values, labels, labelPositions, null);
        var features = NdArray<T>.FromArray(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), labels.Count, columns - 1);
        var labelArray = labels.ToArray();
        var names = ClassRange.Resolve(labelArray, classNames, classCount, sourceName,
            i => labelPositions[i].Offset, i => $"row {i} (line {labelPositions[i].Line})");
        return new Dataset<T>(features, labelArray, names);
    }

    /// <summary>
    /// Reads a CSV file (raw or gzip-compressed) of real-valued targets: the <paramref name="targetColumns"/> are the
    /// targets, every other column a feature.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="targetColumns">The target columns; negative values count from the end (-1: the last column).</param>
    /// <param name="hasHeader">Whether the first line is a header; null detects it (a first line with a non-numeric cell).</param>
    /// <param name="delimiter">The cell separator.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A cell is not a finite number, a row has the wrong number of cells, a target column does not exist or is named
    /// twice, no feature column is left, or the file is corrupt (gzip), empty or not a regular file.
    /// </exception>
    public static TargetDataset<T> ReadTargets<T>(string path, IReadOnlyList<int> targetColumns, bool? hasHeader = null, char delimiter = ',')
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        if (targetColumns.Count == 0) throw new ArgumentException("At least one target column is needed.", nameof(targetColumns));
        using var stream = BoundedInput.Open(path, out _, out _);
        var values = new List<T>();
        var targets = new List<T>();
        int columns = ReadRows(stream, path, hasHeader, delimiter, columns =>
        {
            var isTarget = new bool[columns];
            foreach (int column in targetColumns)
            {
                int index = column < 0 ? columns + column : column;
                if (index < 0 || index >= columns) return ($"target column {column} does not exist in rows of {columns} cells", -1, null);
                if (isTarget[index]) return ($"target column {column} is named twice", -1, null);
                isTarget[index] = true;
            }
            return targetColumns.Count >= columns ? ("a dataset row needs at least one feature besides its targets", -1, null) : (null, -1, isTarget);
        }, values, null, null, targets);
        int rows = targets.Count / targetColumns.Count;
        var features = NdArray<T>.FromArray(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), rows, columns - targetColumns.Count);
        var targetArray = NdArray<T>.FromArray(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(targets), rows, targetColumns.Count);
        return new TargetDataset<T>(features, targetArray);
    }

    // Reads every row; `layout` turns the first row's cell count into an error, the label column (or -1) and the
    // target columns (or null). Returns the number of cells per row.
    private static int ReadRows<T>(Stream stream, string sourceName, bool? hasHeader, char delimiter,
        Func<int, (string? Error, int Label, bool[]? Targets)> layout, List<T> values, List<int>? labels,
        List<(long Offset, int Line)>? labelPositions, List<T>? targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var input = BoundedInput.Wrap(stream, sourceName, out _);
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        int columns = -1, label = -1, lineNumber = 0;
        bool[]? targetColumns = null;
        long offset = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            long lineOffset = offset;
            offset += Encoding.UTF8.GetByteCount(line) + 1;
            if (line.AsSpan().Trim().IsEmpty) continue;
            if (columns < 0)
            {
                columns = CountCells(line, delimiter);
                var (error, labelIndex, targetIndices) = layout(columns);
                if (error is not null) throw new DataFormatException(sourceName, lineOffset, error);
                (label, targetColumns) = (labelIndex, targetIndices);
                if (columns < 2)
                    throw new DataFormatException(sourceName, lineOffset, "a dataset row needs at least one feature and a label");
                bool header = hasHeader ?? !AllNumeric(line, delimiter);
                if (header) continue;
            }
            ParseRow(line, delimiter, columns, label, targetColumns, values, labels, labelPositions, targets, sourceName, lineNumber, lineOffset);
        }
        if (columns < 0) throw new DataFormatException(sourceName, 0, "the CSV file holds no rows");
        return columns;
    }

    private static void ParseRow<T>(string line, char delimiter, int columns, int labelColumn, bool[]? targetColumns, List<T> values, List<int>? labels,
        List<(long Offset, int Line)>? labelPositions, List<T>? targets, string sourceName, int lineNumber, long lineOffset) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<char> rest = line;
        int column = 0;
        int cellStart = 0;
        while (true)
        {
            int end = rest.IndexOf(delimiter);
            var cell = (end < 0 ? rest : rest[..end]).Trim();
            if (column >= columns)
                throw new DataFormatException(sourceName, lineOffset, $"line {lineNumber} has more than {columns} cells");
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new DataFormatException(sourceName, lineOffset + Encoding.UTF8.GetByteCount(line.AsSpan(0, cellStart)),
                    $"line {lineNumber}, column {column}: '{cell.ToString()}' is not a number");
            if (column == labelColumn)
            {
                long cellOffset = lineOffset + Encoding.UTF8.GetByteCount(line.AsSpan(0, cellStart));
                if (value < 0 || value != Math.Floor(value) || value > int.MaxValue)
                    throw new DataFormatException(sourceName, cellOffset, $"line {lineNumber}, column {column}: label '{cell.ToString()}' is not a non-negative integer");
                labels!.Add((int)value);
                labelPositions!.Add((cellOffset, lineNumber));
            }
            else if (targetColumns is not null && targetColumns[column])
            {
                if (!double.IsFinite(value))
                    throw new DataFormatException(sourceName, lineOffset + Encoding.UTF8.GetByteCount(line.AsSpan(0, cellStart)),
                        $"line {lineNumber}, column {column}: target '{cell.ToString()}' is not a finite number");
                targets!.Add(T.CreateTruncating(value));
            }
            else values.Add(T.CreateTruncating(value));
            column++;
            if (end < 0) break;
            cellStart += end + 1;
            rest = rest[(end + 1)..];
        }
        if (column != columns)
            throw new DataFormatException(sourceName, lineOffset, $"line {lineNumber} has {column} cells, expected {columns}");
    }

    private static int CountCells(string line, char delimiter) => line.AsSpan().Count(delimiter) + 1;

    private static bool AllNumeric(string line, char delimiter)
    {
        foreach (var range in line.AsSpan().Split(delimiter))
            if (!double.TryParse(line.AsSpan()[range].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return false;
        return true;
    }
}
