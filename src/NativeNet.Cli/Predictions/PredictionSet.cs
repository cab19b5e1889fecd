namespace NativeNet.Cli.Predictions;

/// <summary>The predictions of <c>nativenet predict</c>: one class per sample and, when asked for, the class probabilities.</summary>
/// <param name="Classes">The predicted class of each sample.</param>
/// <param name="ClassNames">The name of each class (its index when the data names none).</param>
/// <param name="Probabilities">Softmax probabilities, sample by sample (samples × classes), or null.</param>
internal sealed record PredictionSet(int[] Classes, IReadOnlyList<string> ClassNames, double[]? Probabilities);
