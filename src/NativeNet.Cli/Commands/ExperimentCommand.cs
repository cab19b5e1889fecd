using System.CommandLine;
using NativeNet.Cli.Experiments;
using NativeNet.Cli.Normalizations;
using NativeNet.Cli.Optimizers;

namespace NativeNet.Cli.Commands;

/// <summary>
/// <c>nativenet experiment NAME</c>: one reproducible study each, writing plots and a summary table. The studies are
/// those of <see cref="ExperimentCatalog"/>; the options are shared by all of them.
/// </summary>
internal static class ExperimentCommand
{
    /// <summary>The overfit study's default training subset.</summary>
    public const int DefaultSamples = 50;

    /// <summary>The batch-size study's default agreement tolerance (training accuracy, as a fraction).</summary>
    public const double DefaultTolerance = 0.01;

    /// <param name="handler">Runs an experiment; null leaves the command without a runner.</param>
    public static Command Create(Func<ExperimentSettings, int>? handler)
    {
        var registry = ExperimentCatalog.Registry;
        var name = registry.Argument("NAME", registry.HelpText + ".");
        var output = CliOptions.OutDirectory("runs/experiment", "plots and the summary table");
        var seed = CliOptions.Seed("Seed of the first run of each configuration; the same seed reproduces the same plots and table.");
        var epochs = CliOptions.OptionalPositiveInt("--epochs", $"Epochs per training run (default {DefaultsText(k => k.DefaultEpochs)}).");
        var seeds = CliOptions.OptionalPositiveInt("--seeds",
            "Seeds per configuration (--seed, --seed + 1, ...); with more than one the table shows mean ± std and every plot the mean with a min/max band " +
            $"(default {DefaultsText(k => k.DefaultSeeds)}).");
        var data = new Option<DataSpec>("--data") { Description = "Dataset of every run: " + DataSpec.HelpText + ".", HelpName = "SPEC", DefaultValueFactory = _ => new DataSpec("digits", null, false), CustomParser = DataSpec.Parse };
        string own = " Default: the study's own; a study refuses the options it compares (see docs/cli.md).";
        var hidden = CliOptions.OptionalPositiveIntList("--hidden", "Hidden layer widths of every run." + own);
        var norm = NormalizationCatalog.Registry.OptionalOption("--norm", "Normalization after each hidden affine layer of every run: " + NormalizationCatalog.Registry.HelpText + "." + own);
        var optimizer = OptimizerCatalog.Registry.OptionalOption("--optimizer", "Update rule of every run: " + OptimizerCatalog.Registry.HelpText + "." + own);
        var lr = CliOptions.OptionalPositive("--lr", "Learning rate of every run." + own);
        var batchSize = CliOptions.OptionalPositiveInt("--batch-size", "Minibatch size of every run." + own);
        var json = CliOptions.Json("the summary");
        var samples = CliOptions.PositiveInt("--samples", "overfit: how many training samples (the first ones) to drive to 100 % training accuracy.", DefaultSamples);
        var tolerance = CliOptions.NonNegative("--tolerance",
            "batch-size: configurations whose mean final training accuracy lies within this of the best one's agree with it.", DefaultTolerance);
        var command = new Command("experiment", "Run one study and write its plots and summary table.")
        {
            name, data, hidden, norm, optimizer, lr, batchSize, epochs, seeds, seed, output, json, samples, tolerance,
        };
        Option[] shared = [hidden, norm, optimizer, lr, batchSize];
        command.Validators.Add(result =>
        {
            // A study that compares, say, learning rates would lose its comparison if --lr fixed them all.
            // Read as a token: converting the argument here would skip its own validation, the "did you mean" error.
            if (result.GetResult(name)?.Tokens is not [.., var token] || registry.Find(token.Value) is not { } kind) return;
            var given = shared.Where(o => kind.Compares.Contains(o.Name) && result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
            if (given.Length > 0)
                result.AddError($"experiment {kind.Name} compares {string.Join(" and ", kind.Compares)} itself; leave out {string.Join(" and ", given)}");
        });
        if (handler is not null)
            command.SetAction(p =>
            {
                var kind = registry.Get(p.GetValue(name)!);
                return handler(new ExperimentSettings
                {
                    Name = kind.Name,
                    OutDirectory = p.GetValue(output)!,
                    Seed = p.GetValue(seed),
                    Epochs = p.GetValue(epochs) ?? kind.DefaultEpochs,
                    Seeds = p.GetValue(seeds) ?? kind.DefaultSeeds,
                    Json = p.GetValue(json),
                    Data = p.GetValue(data)!,
                    Hidden = CliOptions.GetOptionalPositiveInts(p, hidden),
                    Norm = p.GetValue(norm),
                    Optimizer = p.GetValue(optimizer),
                    LearningRate = p.GetValue(lr),
                    BatchSize = p.GetValue(batchSize),
                    Samples = p.GetValue(samples),
                    Tolerance = p.GetValue(tolerance),
                });
            });
        return command;
    }

    // "10; overfit 100": the common default and the studies that differ from it.
    private static string DefaultsText(Func<ExperimentKind, int> value)
    {
        var kinds = ExperimentCatalog.Registry.All;
        int common = kinds.GroupBy(value).OrderByDescending(g => g.Count()).First().Key;
        var others = kinds.Where(k => value(k) != common).Select(k => $"{k.Name} {value(k)}");
        return string.Join("; ", others.Prepend(common.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
