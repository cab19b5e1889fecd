namespace NativeNet.Cli.Plotting;

/// <summary>
/// The charts of a training run, each as PNG and SVG: loss, accuracy in percent (a classifier) or validation R² (a
/// regression), gradient norm and learning rate.
/// </summary>
internal static class TrainingPlots
{
    /// <summary>Writes <c>loss</c>, <c>accuracy</c> or <c>r2</c>, <c>grad-norm</c> and <c>learning-rate</c> (.png and .svg) into <paramref name="directory"/>.</summary>
    /// <param name="title">A short description of the run for the chart titles, e.g. <c>digits, 256-128 relu, adam</c>.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(string directory, string title, TrainingCurves curves)
    {
        var files = new List<string>();
        // About fifty points of averaging window keeps the trend readable whatever the run length.
        int window = curves.Loss.Count >= 500 ? curves.Loss.Count / 50 : 0;
        var loss = new List<PlotSeries> { new("mini-batch loss", curves.Iterations, curves.Loss) };
        bool validationLoss = curves.ValidationLoss.Count > 0 && curves.ValidationLoss.Count == curves.EpochEndIterations.Count && curves.ValidationLoss.Any(double.IsFinite);
        if (validationLoss) loss.Add(new PlotSeries("validation loss (epoch end)", curves.EpochEndIterations, curves.ValidationLoss));
        files.AddRange(Plots.Lines(Path.Combine(directory, "loss"), $"{(validationLoss ? "Loss" : "Training loss")} ({title})", "iteration", "loss", loss, window));
        // A regression's history holds no accuracy (NaN every epoch).
        if (curves.TrainAccuracy.Any(double.IsFinite) || curves.ValidationAccuracy.Any(double.IsFinite))
        {
            var accuracy = new List<PlotSeries> { PlotSeries.Percent("training", curves.Epochs, curves.TrainAccuracy), PlotSeries.Percent("validation", curves.Epochs, curves.ValidationAccuracy) };
            if (curves.TestAccuracy.Count == curves.Epochs.Count && curves.TestAccuracy.Any(double.IsFinite))
                accuracy.Add(PlotSeries.Percent("test", curves.Epochs, curves.TestAccuracy));
            files.AddRange(Plots.Lines(Path.Combine(directory, "accuracy"), $"Accuracy ({title})", "epoch", PlotSeries.AccuracyPercentLabel, accuracy, integerX: true));
        }
        if (curves.ValidationRSquared.Count == curves.Epochs.Count && curves.ValidationRSquared.Any(double.IsFinite))
            files.AddRange(Plots.Lines(Path.Combine(directory, "r2"), $"Validation R² ({title})", "epoch", "R²",
                [new PlotSeries("validation", curves.Epochs, curves.ValidationRSquared)], integerX: true));
        files.AddRange(Plots.Lines(Path.Combine(directory, "grad-norm"), $"Gradient norm ({title})", "iteration", "global gradient L2 norm (full minibatches)",
            [new PlotSeries("gradient norm", curves.Iterations, curves.GradientNorm)], window));
        files.AddRange(Plots.Lines(Path.Combine(directory, "learning-rate"), $"Learning rate ({title})", "iteration", "learning rate",
            [new PlotSeries("learning rate", curves.Iterations, curves.LearningRate)]));
        return files;
    }
}
