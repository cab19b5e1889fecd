using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Data;

namespace NativeNet.Cli.DataSources;

/// <summary>
/// The training, validation and test splits of <c>train --task regression</c>: a <c>csv:FILE[:target-column]</c>
/// (or <c>csv:FILE:a,b,…</c>) file whose target column or columns (the last by default) hold real numbers, split and standardized exactly as a
/// classification CSV is (<see cref="TrainingData"/>: the same fixed seeds and proportions). The features are
/// standardized with the training split's statistics; the targets keep their units, so MSE and MAE are in them.
/// </summary>
internal sealed record RegressionData(TargetDataset<float> Train, TargetDataset<float>? Validation, TargetDataset<float> Test, DataSpec Spec, string Preprocessing)
{
    /// <summary>The number of target values per sample.</summary>
    public int Targets => Train.TargetCount;

    /// <summary>The number of validation samples (0 without a validation split).</summary>
    public int ValidationCount => Validation?.Count ?? 0;

    /// <summary>Loads and preprocesses the splits of <paramref name="spec"/>, which must be a CSV file.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="validation">How many training samples validate: null for 10 %, 0 for none.</param>
    public static RegressionData Load(DataSpec spec, int? validation = null)
    {
        if (validation < 0) throw new UsageException($"--validation must be a non-negative integer (got {validation})");
        if (spec.Kind != "csv")
            throw new UsageException($"--task regression needs real-valued targets from --data csv:FILE[:target-column]; {spec} holds class labels");
        var all = CsvDatasetReader.ReadTargets<float>(spec.Location!, spec.RegressionColumns);
        var (testCount, validationCount) = TrainingData.CsvSplit(spec, all.Count, validation);
        var (trainValidation, test) = all.SplitRandom(all.Count - testCount, TrainingData.CsvTestSplitSeed);
        (TargetDataset<float> train, TargetDataset<float>? val) = validationCount == 0
            ? (trainValidation, null)
            : trainValidation.SplitRandom(trainValidation.Count - validationCount, TrainingData.CsvValidationSplitSeed);
        var standardizer = Standardizer<float>.FitPerFeature(train.Features);
        train.Apply(standardizer);
        val?.Apply(standardizer);
        test.Apply(standardizer);
        return new RegressionData(train, val, test, spec,
            $"standardized per feature (training split statistics), targets as read; fixed random split {train.Count}/{val?.Count ?? 0}/{test.Count}");
    }

    /// <summary>This data with only the first <paramref name="count"/> training samples to train on, as <see cref="TrainingData.WithTrainSubset"/>.</summary>
    public RegressionData WithTrainSubset(int count) =>
        count <= Train.Count
            ? this with { Train = Train.Slice(0, count), Preprocessing = $"{Preprocessing}; the first {count} training samples train" }
            : throw new UsageException($"--train-subset {count} must be at most the {Train.Count} training samples of {Spec}");

    /// <summary>The spec, preprocessing and split sizes as JSON, kept in checkpoints and model files as the <c>data</c> metadata.</summary>
    public string ToJson() => FieldsJson.Serialize(new Dictionary<string, object>
    {
        ["spec"] = Spec.ToString(),
        ["preprocessing"] = Preprocessing,
        ["train"] = Train.Count,
        ["validation"] = ValidationCount,
        ["test"] = Test.Count,
        ["targets"] = Targets,
        ["features"] = Train.SampleLength,
    });
}
