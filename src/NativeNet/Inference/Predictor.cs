using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Layers;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Inference;

/// <summary>
/// Serves evaluation-mode predictions (dropout off, batch-norm running statistics) from a trained
/// <see cref="Sequential{T}"/> with workspaces of its own, so that any number of predictors — one per thread — can run
/// at once over one shared model. Create one with <see cref="Sequential{T}.CreatePredictor()"/>.
/// </summary>
/// <remarks>
/// <para>
/// Samples are flat rows of <see cref="InputWidth"/> values, and scores rows of <see cref="OutputWidth"/>. The scores
/// equal <c>model.Forward(x, training: false)</c> bit for bit. After the first call for a batch size, calls of that
/// size or smaller allocate nothing.
/// </para>
/// <para>
/// The built-in layers (<see cref="Linear{T}"/>, <see cref="BatchNorm{T}"/>, <see cref="LayerNorm{T}"/>,
/// <see cref="Dropout{T}"/>, <see cref="Flatten{T}"/>, <see cref="Softmax{T}"/> and the elementwise activations) run
/// lock-free: they read the model's parameters and running statistics and write only this predictor's buffers. A model
/// holding any other layer (a user's own) is served through its own <see cref="Sequential{T}.Forward(NdArray{T}, bool)"/>
/// under a lock shared by all its predictors, with the result copied out (<see cref="IsLockFree"/> is then false).
/// </para>
/// <para>
/// A predictor copies the weights of the dense layers into the matrix product's packed layout when it is created (as
/// ONNX Runtime does with a model's constant weights), so that batches read them as contiguous panels instead of
/// repacking them per call: it costs one more copy of those weights per predictor. Create predictors once the model is
/// trained or loaded; after changing its weights, create new ones.
/// </para>
/// <para>
/// The model must not change while predictions run: do not train it, load weights into it or call its
/// <c>Forward</c> from another thread meanwhile. One predictor is not itself thread-safe; give each thread its own.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Predictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Sequential<T> _model;
    private readonly Layer<T>[] _layers;
    // _widths[i] is the row width layer i reads; _widths[^1] the model's output width.
    private readonly int[] _widths;
    private readonly int _lastComputingLayer;
    private readonly T[]?[] _outputs;
    private readonly T[][] _scratch;
    private readonly object?[] _states;
    private T[] _scores = [];
    private int _capacityRows;
    private NdArray<T>? _lockedInput;

    internal Predictor(Sequential<T> model, int inputWidth)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        _model = model;
        _layers = [.. model.Layers];
        _widths = new int[_layers.Length + 1];
        _widths[0] = inputWidth;
        bool lockFree = true;
        _lastComputingLayer = -1;
        for (int i = 0; i < _layers.Length; i++)
        {
            int[] shape = _layers[i].OutputShape([1, _widths[i]]);
            int width = 1;
            for (int d = 1; d < shape.Length; d++) width *= shape[d];
            _widths[i + 1] = width;
            lockFree &= _layers[i].CanInfer;
            if (!_layers[i].InferenceIsIdentity) _lastComputingLayer = i;
        }
        IsLockFree = lockFree;
        _states = new object?[_layers.Length];
        if (lockFree)
            for (int i = 0; i < _layers.Length; i++) _states[i] = _layers[i].CreateInferenceState();
        _outputs = new T[]?[_layers.Length];
        _scratch = new T[_layers.Length][];
        for (int i = 0; i < _scratch.Length; i++) _scratch[i] = [];
    }

    /// <summary>Values per input sample.</summary>
    public int InputWidth => _widths[0];

    /// <summary>Scores per sample (the model's output width, e.g. the number of classes).</summary>
    public int OutputWidth => _widths[^1];

    /// <summary>
    /// Whether every layer has a lock-free inference path; false when the model holds a layer that does not (a user's
    /// own), and predictions then take turns through the model's own <c>Forward</c>.
    /// </summary>
    public bool IsLockFree { get; }

    /// <summary>
    /// Computes the scores of one or more samples, stored row by row in <paramref name="features"/>, into
    /// <paramref name="scores"/> (samples × <see cref="OutputWidth"/> values, row by row).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The features are not a whole number of rows of <see cref="InputWidth"/>, the scores are not samples ×
    /// <see cref="OutputWidth"/> long, or the two overlap.
    /// </exception>
    public void Predict(ReadOnlySpan<T> features, Span<T> scores)
    {
        int rows = RowsOf(features, nameof(features));
        if (scores.Length != rows * OutputWidth)
            throw new ArgumentException(
                $"The scores of {rows} sample(s) need {rows} × {OutputWidth} = {rows * OutputWidth} values, got {scores.Length}.", nameof(scores));
        if (features.Overlaps(scores))
            throw new ArgumentException("The scores must not overlap the features.", nameof(scores));
        if (rows == 0) return;
        if (IsLockFree) Infer(features, rows, scores);
        else ForwardUnderLock(features, rows, scores);
    }

    /// <summary>
    /// As <see cref="Predict(ReadOnlySpan{T}, Span{T})"/> for arrays: <paramref name="features"/> has samples on its
    /// first axis, each of <see cref="InputWidth"/> values in all (any rank), and <paramref name="scores"/> must be
    /// (samples, <see cref="OutputWidth"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A shape does not match.</exception>
    public void Predict(NdArray<T> features, NdArray<T> scores)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(scores);
        if (features.Rank == 0 || features.RowLength != InputWidth)
            throw new ArgumentException(
                $"Features must be (samples, {InputWidth}) or samples of {InputWidth} values in all, got {features.ShapeString}.", nameof(features));
        if (!scores.HasShape(features.Rows, OutputWidth))
            throw new ArgumentException(
                $"Scores for features {features.ShapeString} must be ({features.Rows}, {OutputWidth}), got {scores.ShapeString}.", nameof(scores));
        Predict(features.Span, scores.Span);
    }

    /// <summary>
    /// As <see cref="Predict(ReadOnlySpan{T}, Span{T})"/>, then a softmax over each sample's scores: class
    /// probabilities, for a model that ends in logits (not in a <see cref="Softmax{T}"/> layer of its own).
    /// </summary>
    /// <exception cref="ArgumentException">A size does not match, as for <see cref="Predict(ReadOnlySpan{T}, Span{T})"/>.</exception>
    public void PredictProbabilities(ReadOnlySpan<T> features, Span<T> probabilities)
    {
        Predict(features, probabilities);
        int classes = OutputWidth;
        for (int r = 0; r < probabilities.Length / classes; r++)
        {
            Span<T> row = probabilities.Slice(r * classes, classes);
            Softmax<T>.SoftmaxRow(row, row);
        }
    }

    /// <summary>The class with the highest score for one sample (the first, on a tie).</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> is not <see cref="InputWidth"/> long.</exception>
    public int PredictClass(ReadOnlySpan<T> features)
    {
        if (features.Length != InputWidth)
            throw new ArgumentException($"One sample has {InputWidth} features, got {features.Length}.", nameof(features));
        Span<int> single = stackalloc int[1];
        PredictClass(features, single);
        return single[0];
    }

    /// <summary>The class with the highest score for each of one or more samples, stored row by row, into <paramref name="classes"/> (one per sample).</summary>
    /// <exception cref="ArgumentException">
    /// The features are not a whole number of rows of <see cref="InputWidth"/>, or <paramref name="classes"/> does not
    /// hold one entry per sample.
    /// </exception>
    public void PredictClass(ReadOnlySpan<T> features, Span<int> classes)
    {
        int rows = RowsOf(features, nameof(features));
        if (classes.Length != rows)
            throw new ArgumentException($"The classes of {rows} sample(s) need {rows} entries, got {classes.Length}.", nameof(classes));
        int width = OutputWidth;
        if (_scores.Length < rows * width) _scores = new T[rows * width];
        Span<T> scores = _scores.AsSpan(0, rows * width);
        Predict(features, scores);
        for (int r = 0; r < rows; r++) classes[r] = ArgMax(scores.Slice(r * width, width));
    }

    private int RowsOf(ReadOnlySpan<T> features, string parameter)
    {
        int width = InputWidth;
        if (features.Length % width != 0)
            throw new ArgumentException(
                $"Features must be whole samples of {width} values, got {features.Length} ({features.Length / width} sample(s) and {features.Length % width} value(s) over).",
                parameter);
        return features.Length / width;
    }

    // The first index of the largest value, comparing with > so NaN never wins and ties keep the first.
    private static int ArgMax(ReadOnlySpan<T> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (row[j] > row[best]) best = j;
        return best;
    }

    private void Infer(ReadOnlySpan<T> features, int rows, Span<T> scores)
    {
        EnsureCapacity(rows);
        ReadOnlySpan<T> x = features;
        for (int i = 0; i <= _lastComputingLayer; i++)
        {
            var layer = _layers[i];
            if (layer.InferenceIsIdentity) continue;
            // The last layer that computes anything writes straight into the caller's scores.
            Span<T> y = i == _lastComputingLayer ? scores : _outputs[i].AsSpan(0, rows * _widths[i + 1]);
            layer.Infer(x, rows, y, _scratch[i], _states[i]);
            x = y;
        }
        if (_lastComputingLayer < 0) features.CopyTo(scores);
    }

    private void EnsureCapacity(int rows)
    {
        if (rows <= _capacityRows) return;
        for (int i = 0; i < _layers.Length; i++)
        {
            var layer = _layers[i];
            if (layer.InferenceIsIdentity) continue;
            if (i != _lastComputingLayer) _outputs[i] = new T[rows * _widths[i + 1]];
            int scratch = layer.InferenceScratchLength(rows);
            if (_scratch[i].Length < scratch) _scratch[i] = new T[scratch];
        }
        _capacityRows = rows;
    }

    private void ForwardUnderLock(ReadOnlySpan<T> features, int rows, Span<T> scores)
    {
        if (_lockedInput is null || _lockedInput.Rows != rows) _lockedInput = new NdArray<T>(rows, InputWidth);
        features.CopyTo(_lockedInput.Span);
        lock (_model.InferenceLock)
        {
            var output = _model.Forward(_lockedInput, training: false);
            if (output.Length != scores.Length)
                throw new InvalidOperationException(
                    $"The model's output {output.ShapeString} does not hold {rows} × {OutputWidth} scores.");
            output.Span.CopyTo(scores);
        }
    }
}
