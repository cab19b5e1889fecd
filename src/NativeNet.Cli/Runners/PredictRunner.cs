using System.Globalization;
using System.Numerics;
using System.Text;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Predictions;
using NativeNet.IO;
using NativeNet.Inference;
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
        bool targets = source.Task.PredictsTargets;
        if (targets && settings.Probabilities)
            throw new UsageException($"--probabilities gives class probabilities, but {settings.Model} was trained with --task {source.Task.Name}; it predicts values");
        var predictions = (targets, source.IsDouble) switch
        {
            (false, true) => Predict<double>(source, settings),
            (false, false) => Predict<float>(source, settings),
            (true, true) => PredictTargets<double>(source, settings),
            (true, false) => PredictTargets<float>(source, settings),
        };
        if (settings.Output is null)
        {
            using var buffer = new MemoryStream();
            format.Write(buffer, predictions);
            context.Out.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            using (var stream = File.Create(settings.Output)) format.Write(stream, predictions);
            context.Error.WriteLine($"wrote {predictions.Samples} predictions to {Path.GetFullPath(settings.Output)}");
        }
        return Program.Success;
    }

    private static PredictionSet Predict<T>(ModelSource source, PredictSettings settings) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = source.Load<T>();
        var predictor = model.CreatePredictor();
        var (features, classNames) = Features<T>(source, settings, predictor.OutputWidth);
        int rows = SampleCount(predictor, features);
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
            for (int i = 0; i < scores.Length; i++) probabilities[start * classes + i] = ShortestDouble(scores[i]);
        }
        return new PredictionSet(predicted, classNames, probabilities);
    }

    // A regression's outputs as they are: one value per target and sample.
    private static PredictionSet PredictTargets<T>(ModelSource source, PredictSettings settings) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = source.Load<T>();
        var predictor = model.CreatePredictor();
        int targets = predictor.OutputWidth;
        NdArray<T> features;
        if (settings.Features is string path)
        {
            features = Npy.Read<T>(path);
        }
        else
        {
            var spec = settings.Data!;
            // The features are standardized with the training split's statistics, so the split is rebuilt as trained.
            var data = RegressionData.Load(spec, source.TrainedValidationCount(spec));
            if (data.Targets != targets)
                throw new UsageException($"the model predicts {targets} targets, but {spec} has {data.Targets}");
            features = data.Test.Cast<T>().Features;
        }
        int rows = SampleCount(predictor, features);
        var outputs = new T[rows * targets];
        for (int start = 0; start < rows; start += settings.BatchSize)
        {
            int count = Math.Min(settings.BatchSize, rows - start);
            predictor.Predict(features.Span.Slice(start * predictor.InputWidth, count * predictor.InputWidth), outputs.AsSpan(start * targets, count * targets));
        }
        var values = outputs.Select(ShortestDouble).ToArray();
        var names = Enumerable.Range(0, targets).Select(t => targets == 1 ? "value" : "value_" + t.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new PredictionSet(null, names, values);
    }

    // The rows to predict and the class names: the test split of --data, or the rows of --features.
    private static (NdArray<T> Features, IReadOnlyList<string> ClassNames) Features<T>(ModelSource source, PredictSettings settings, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, _, trainedNames) = source.TrainingData();
        if (settings.Features is string path)
        {
            // The names of the classes the model was trained on, when its file records them.
            var names = trainedNames?.Length == classes ? trainedNames : Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
            return (Npy.Read<T>(path), names);
        }
        var spec = settings.Data!;
        // The CIFAR mean image is fitted on the training split, so the split the model was trained with is rebuilt.
        var data = TrainingData.Load(spec, source.TrainedValidationCount(spec), spec.Source.TakesClassCount ? classes : null);
        if (data.Classes != classes)
            throw new UsageException($"the model predicts {classes} classes, but {spec} has {data.Classes}");
        var test = data.Test.Cast<T>();
        return (test.Features, test.ClassNames);
    }

    // One sample per row (any further axes flattened); a vector is one sample.
    private static int SampleCount<T>(Predictor<T> predictor, NdArray<T> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = features.Rank == 1 ? 1 : features.Dim(0);
        if (rows * predictor.InputWidth != features.Length)
            throw new UsageException($"the model takes {predictor.InputWidth} features per sample, but the input is {features.ShapeString}");
        return rows;
    }

    // Through the shortest text of T, so that float outputs print as floats (0.0826654) and not as their exact double
    // expansion (0.08266540616750717).
    private static double ShortestDouble<T>(T value) where T : IFloatingPointIeee754<T> =>
        double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
