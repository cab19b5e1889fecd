using System.Globalization;
using System.Numerics;
using System.Text;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Predictions;
using NativeNet.IO;
using NativeNet.Models;
using NativeNet.Tensors;

namespace NativeNet.Cli.Runners;

/// <summary>
/// Runs <c>nativenet predict</c>: loads the model (<see cref="ModelSource"/>) in the precision it was saved in and
/// predicts, batch by batch through a <see cref="Inference.Predictor{T}"/>, the test split of <c>--data</c>
/// (preprocessed as <c>train</c> preprocessed it, with the validation split the model was trained with) or the rows of
/// <c>--features</c> as given.
/// </summary>
internal static class PredictRunner
{
    public static int Run(CliContext context, PredictSettings settings)
    {
        // The format first: a wrong extension should fail before anything is read.
        var format = settings.Output is null ? PredictionFormat.All[0] : PredictionFormat.ForPath(settings.Output);
        var source = ModelSource.Open(settings.Model, "predict");
        source.RequireClassifier("predict");
        var predictions = source.IsDouble ? Predict<double>(source, settings) : Predict<float>(source, settings);
        if (settings.Output is null)
        {
            using var buffer = new MemoryStream();
            format.Write(buffer, predictions);
            context.Out.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            using (var stream = File.Create(settings.Output)) format.Write(stream, predictions);
            context.Error.WriteLine($"wrote {predictions.Classes.Length} predictions to {Path.GetFullPath(settings.Output)}");
        }
        return Program.Success;
    }

    private static PredictionSet Predict<T>(ModelSource source, PredictSettings settings) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = source.Load<T>();
        var predictor = model.CreatePredictor();
        var (features, classNames) = Features<T>(source, settings, predictor.OutputWidth);
        // One sample per row (any further axes flattened); a vector is one sample.
        int rows = features.Rank == 1 ? 1 : features.Dim(0);
        if (rows * predictor.InputWidth != features.Length)
            throw new UsageException($"the model takes {predictor.InputWidth} features per sample, but the input is {features.ShapeString}");
        int classes = predictor.OutputWidth;
        var predicted = new int[rows];
        double[]? probabilities = settings.Probabilities ? new double[rows * classes] : null;
        var batchProbabilities = new T[Math.Min(settings.BatchSize, Math.Max(rows, 1)) * classes];
        for (int start = 0; start < rows; start += settings.BatchSize)
        {
            int count = Math.Min(settings.BatchSize, rows - start);
            var batch = features.Span.Slice(start * predictor.InputWidth, count * predictor.InputWidth);
            predictor.PredictClass(batch, predicted.AsSpan(start, count));
            if (probabilities is null) continue;
            var scores = batchProbabilities.AsSpan(0, count * classes);
            predictor.PredictProbabilities(batch, scores);
            // Through the shortest text of T, so that float probabilities print as floats (0.0826654) and not as their
            // exact double expansion (0.08266540616750717).
            for (int i = 0; i < scores.Length; i++)
                probabilities[start * classes + i] = double.Parse(scores[i].ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        return new PredictionSet(predicted, classNames, probabilities);
    }

    // The rows to predict and the class names: the test split of --data, or the rows of --features.
    private static (NdArray<T> Features, IReadOnlyList<string> ClassNames) Features<T>(ModelSource source, PredictSettings settings, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (trainedSpec, trainedValidation, trainedNames) = source.TrainingData();
        if (settings.Features is string path)
        {
            // The names of the classes the model was trained on, when its file records them.
            var names = trainedNames?.Length == classes ? trainedNames : Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
            return (Npy.Read<T>(path), names);
        }
        var spec = settings.Data!;
        // The CIFAR mean image is fitted on the training split, so the split the model was trained with is rebuilt.
        int? validation = trainedSpec == spec.ToString() ? trainedValidation : null;
        var data = TrainingData.Load(spec, validation, spec.Source.TakesClassCount ? classes : null);
        if (data.Classes != classes)
            throw new UsageException($"the model predicts {classes} classes, but {spec} has {data.Classes}");
        var test = data.Test.Cast<T>();
        return (test.Features, test.ClassNames);
    }
}
