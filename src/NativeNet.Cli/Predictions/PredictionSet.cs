namespace NativeNet.Cli.Predictions;

/// <summary>
/// The predictions of <c>nativenet predict</c>: a classifier's class per sample and, when asked for, the class
/// probabilities; or a regression's predicted targets.
/// </summary>
/// <param name="Classes">The predicted class of each sample; null for a regression.</param>
/// <param name="Columns">The name of each class (its index when the data names none), or of each target.</param>
/// <param name="Values">Sample by sample (samples × columns): the softmax probabilities (null unless asked for), or the predicted targets.</param>
internal sealed record PredictionSet(int[]? Classes, IReadOnlyList<string> Columns, double[]? Values)
{
    /// <summary>The number of samples predicted.</summary>
    public int Samples => Classes?.Length ?? Values!.Length / Columns.Count;
}
