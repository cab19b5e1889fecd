using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Data;
using NativeNet.Losses;
using NativeNet.Metrics;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Training;

/// <summary>
/// Predictions and accuracy of a model in evaluation mode, computed batch by batch so that the activations of a
/// whole dataset are never held at once.
/// </summary>
public static class Evaluator
{
    /// <summary>The default number of samples per forward pass.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Writes the predicted class (argmax of the scores) of each sample of <paramref name="features"/> into <paramref name="predictions"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="predictions"/> is shorter than the number of samples.</exception>
    public static void Predict<T>(Sequential<T> model, NdArray<T> features, Span<int> predictions, int batchSize = DefaultBatchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int count = features.Rows;
        if (predictions.Length < count)
            throw new ArgumentException($"{predictions.Length} prediction slots for {count} samples.", nameof(predictions));
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            var scores = model.Forward(features.Slice(start, n), training: false).Flatten2D();
            ArgMaxRows(scores, predictions.Slice(start, n));
        }
    }

    /// <summary>The predicted class of each sample.</summary>
    public static int[] Predict<T>(Sequential<T> model, NdArray<T> features, int batchSize = DefaultBatchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(features);
        var predictions = new int[features.Rows];
        Predict(model, features, predictions, batchSize);
        return predictions;
    }

    /// <summary>The fraction of samples of <paramref name="data"/> (or of its first <paramref name="maxSamples"/>) classified correctly.</summary>
    public static double Accuracy<T>(Sequential<T> model, Dataset<T> data, int batchSize = DefaultBatchSize, int? maxSamples = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int count = Math.Min(data.Count, maxSamples ?? data.Count);
        if (count == 0) return double.NaN;
        long correct = 0;
        int[] buffer = new int[Math.Min(batchSize, count)];
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            correct += CountCorrect(model, data.BatchFeatures(start, n), data.BatchLabels(start, n), buffer);
        }
        return (double)correct / count;
    }

    /// <summary>
    /// The mean of <paramref name="loss"/> (the data loss, without any weight penalty) over the samples of
    /// <paramref name="data"/> (or its first <paramref name="maxSamples"/>), in evaluation mode; NaN for no samples.
    /// </summary>
    public static double MeanLoss<T>(Sequential<T> model, ClassificationLoss<T> loss, Dataset<T> data, int batchSize = DefaultBatchSize, int? maxSamples = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int count = Math.Min(data.Count, maxSamples ?? data.Count);
        if (count == 0) return double.NaN;
        double sum = 0;
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            var scores = model.Forward(data.BatchFeatures(start, n), training: false).Flatten2D();
            // Each batch's loss is a mean: weighting it by its size makes a partial last batch count per sample.
            sum += double.CreateChecked(loss.Compute(scores, data.BatchLabels(start, n)).Loss) * n;
        }
        return sum / count;
    }

    /// <summary>
    /// Accuracy and per-class precision, recall and F1 of the model on <paramref name="data"/> (or its first
    /// <paramref name="maxSamples"/> samples), in evaluation mode, in one pass; the accuracy is
    /// <see cref="Accuracy{T}"/>'s, to the bit.
    /// </summary>
    public static ClassificationMetrics Classification<T>(Sequential<T> model, Dataset<T> data, int batchSize = DefaultBatchSize, int? maxSamples = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var metrics = new ClassificationMetrics(Math.Max(1, data.ClassCount));
        int count = Math.Min(data.Count, maxSamples ?? data.Count);
        int[] buffer = new int[Math.Max(1, Math.Min(batchSize, count))];
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            Predict(model, data.BatchFeatures(start, n), buffer.AsSpan(0, n), n);
            var labels = data.BatchLabels(start, n);
            for (int i = 0; i < n; i++) metrics.Add(labels[i], buffer[i]);
        }
        return metrics;
    }

    /// <summary>
    /// The mean of <paramref name="loss"/> (the data loss, without any weight penalty) and the regression metrics of the
    /// model's outputs against the targets of <paramref name="data"/> (or its first <paramref name="maxSamples"/>
    /// samples), in evaluation mode, in one pass; the loss is NaN for no samples.
    /// </summary>
    /// <exception cref="ArgumentException">The model's outputs do not have the targets' shape.</exception>
    public static (double Loss, RegressionMetrics Metrics) Evaluate<T>(Sequential<T> model, ElementwiseLoss<T> loss, TargetDataset<T> data,
        int batchSize = DefaultBatchSize, int? maxSamples = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var metrics = new RegressionMetrics(data.TargetCount);
        int count = Math.Min(data.Count, maxSamples ?? data.Count);
        if (count == 0) return (double.NaN, metrics);
        double sum = 0;
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            var outputs = model.Forward(data.BatchFeatures(start, n), training: false).Flatten2D();
            var targets = data.BatchTargets(start, n);
            // As for a classifier: each batch's loss is a mean, weighted by its size.
            sum += double.CreateChecked(loss.Compute(outputs, targets).Loss) * n;
            metrics.Add(outputs, targets);
        }
        return (sum / count, metrics);
    }

    /// <summary>The regression metrics (MSE, MAE, R²) of the model's outputs against all targets of <paramref name="data"/>, in evaluation mode.</summary>
    public static RegressionMetrics Regression<T>(Sequential<T> model, TargetDataset<T> data, int batchSize = DefaultBatchSize)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluate(model, new MeanSquaredErrorLoss<T>(), data, batchSize).Metrics;

    /// <summary>The confusion matrix of the model on <paramref name="data"/>; class names come from the dataset.</summary>
    public static ConfusionMatrix Confusion<T>(Sequential<T> model, Dataset<T> data, int batchSize = DefaultBatchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var matrix = new ConfusionMatrix(data.ClassNames);
        int[] buffer = new int[Math.Max(1, Math.Min(batchSize, data.Count))];
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - start);
            Predict(model, data.BatchFeatures(start, n), buffer.AsSpan(0, n), n);
            var labels = data.BatchLabels(start, n);
            for (int i = 0; i < n; i++)
            {
                if ((uint)buffer[i] >= (uint)matrix.ClassCount)
                    throw new InvalidOperationException($"The model has more outputs than the dataset's {matrix.ClassCount} classes (predicted {buffer[i]}).");
                matrix.Add(labels[i], buffer[i]);
            }
        }
        return matrix;
    }

    /// <summary>How many samples of one batch the model classifies as their label; <paramref name="predictions"/> is scratch of at least the batch size.</summary>
    internal static int CountCorrect<T>(Sequential<T> model, NdArray<T> features, ReadOnlySpan<int> labels, Span<int> predictions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = features.Rows;
        predictions = predictions[..n];
        Predict(model, features, predictions, n);
        int correct = 0;
        for (int i = 0; i < n; i++) if (predictions[i] == labels[i]) correct++;
        return correct;
    }

    internal static void ArgMaxRows<T>(NdArray<T> scores, Span<int> predictions) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = scores.Dim(1);
        ReadOnlySpan<T> s = scores.Span;
        for (int i = 0; i < predictions.Length; i++) predictions[i] = TensorPrimitives.IndexOfMax<T>(s.Slice(i * classes, classes));
    }
}
