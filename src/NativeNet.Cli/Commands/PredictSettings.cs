namespace NativeNet.Cli.Commands;

/// <summary>The parsed options of <c>nativenet predict</c>.</summary>
/// <param name="Model">A model file, checkpoint or <c>train --out</c> directory.</param>
/// <param name="Data">The dataset whose test split to predict, preprocessed as in training; null with <paramref name="Features"/>.</param>
/// <param name="Features">An .npy file of feature rows used as given; null with <paramref name="Data"/>.</param>
/// <param name="Output">The predictions file (its extension picks the format); null for CSV on standard output.</param>
/// <param name="Probabilities">Whether to write class probabilities as well as classes.</param>
/// <param name="BatchSize">Samples per prediction batch.</param>
internal sealed record PredictSettings(string Model, DataSpec? Data, string? Features, string? Output, bool Probabilities, int BatchSize);
