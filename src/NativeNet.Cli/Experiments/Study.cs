using System.Globalization;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Normalizations;
using NativeNet.Cli.Plotting;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Regularization;
using NativeNet.Training;

namespace NativeNet.Cli.Experiments;

/// <summary>
/// The runs, plots and summary of one study at one seed, <see cref="ExperimentSettings.Seed"/>. The options a user
/// gave (--hidden, --norm, --optimizer, --lr, --batch-size) replace the study's own choices in every run it trains.
/// </summary>
internal sealed class Study(CliContext context, TrainingData data, ExperimentSettings settings)
{
    /// <summary>The minibatch size of every study that names none of its own.</summary>
    public const int DefaultBatchSize = 64;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public List<ExperimentRun> Runs { get; } = [];

    /// <summary>Files the study wrote itself (besides <see cref="LinePlots"/>).</summary>
    public List<string> Files { get; } = [];

    /// <summary>The charts to draw once every seed has run.</summary>
    public List<LinePlot> LinePlots { get; } = [];

    /// <summary>Study-wide results written into summary.json next to the rows, e.g. <c>max_abs_diff</c>.</summary>
    public Dictionary<string, object?> SummaryFields { get; } = [];

    /// <summary>Set by a study over seeds: the columns of its one row per configuration, which replace the per-run rows.</summary>
    public string[]? ConfigurationColumns { get; private set; }

    /// <summary>With <see cref="ConfigurationColumns"/>: the extra columns of the per-run rows written to runs.csv.</summary>
    public string[] RunColumns { get; private set; } = [];

    /// <summary>With <see cref="ConfigurationColumns"/>: per run, the values of <see cref="RunColumns"/>.</summary>
    public List<object?[]> RunValues { get; } = [];

    /// <summary>A value for the table and summary, or null when not finite (JSON has no NaN).</summary>
    public static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private int BatchesPerEpoch => (data.Train.Count + (settings.BatchSize ?? DefaultBatchSize) - 1) / (settings.BatchSize ?? DefaultBatchSize);

    // The user's options win over the study's choices; the study rejects beforehand those that would undo its comparison.
    private ExperimentRun Train(string name, FullyConnectedNetSpec spec, string optimizer, double learningRate,
        double weightDecay = 0, WeightDecayMode? weightDecayMode = null, WeightPenalty? penalty = null,
        TrainingData? trainOn = null, int batchSize = DefaultBatchSize, ulong? seed = null, double? momentum = null)
    {
        if (settings.Hidden is { } hidden) spec = spec with { HiddenSizes = [.. hidden] };
        if (settings.Norm is { } norm) spec = spec with { Normalization = NormalizationCatalog.Registry.Get(norm).Normalization };
        var run = ExperimentRun.Train(name, trainOn ?? data, spec, settings.Optimizer ?? optimizer, settings.LearningRate ?? learningRate, settings.Epochs,
            settings.BatchSize ?? batchSize, seed ?? settings.Seed, context.Cancellation, weightDecay, weightDecayMode, penalty, momentum);
        context.Out.WriteLine(string.Create(Invariant,
            $"{name}: validation accuracy {run.ValidationAccuracy:P2}, test accuracy {run.TestAccuracy:P2}, {run.Result.Reason.ToString().ToLowerInvariant()} in {run.Result.TrainSeconds:F2} s"));
        Runs.Add(run);
        return run;
    }

    private string Path(string name) => System.IO.Path.Combine(settings.OutDirectory, name);

    // A title names the study's own setup; options that replaced part of it are added, so that the chart says what ran.
    private string Titled(string title) => settings.Overrides is { Length: > 0 } overrides ? $"{title} with {overrides}" : title;

    private void Lines(string name, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, int smoothingWindow = 0, bool integerX = false) =>
        LinePlots.Add(new LinePlot(name, Titled(title), xLabel, yLabel, series, smoothingWindow, integerX));

    private void LossAndAccuracyPlots(string label)
    {
        int window = Math.Max(1, Runs.Max(r => r.History.Loss.Count) / 40);
        Lines("loss", $"Training loss ({label})", "iteration", "mini-batch loss",
            Runs.Select(r => new PlotSeries(r.Name, Iterations(r.History.Loss.Count), r.History.Loss)).ToList(), window);
        Lines("validation-accuracy", $"Validation accuracy ({label})", "epoch", "validation " + PlotSeries.AccuracyPercentLabel,
            Runs.Select(r => PlotSeries.Percent(r.Name, Iterations(r.History.ValidationAccuracy.Count), r.History.ValidationAccuracy)).ToList(), integerX: true);
    }

    public (string[], List<object?[]>) BatchNorm()
    {
        var net = new FullyConnectedNetSpec { HiddenSizes = [64, 64, 64, 64, 64], Activation = "relu", Initialization = WeightInitialization.He };
        foreach (double lr in new[] { 0.01, 0.5 })
            foreach (var norm in new[] { Normalization.None, Normalization.Batch })
                Train($"{(norm == Normalization.Batch ? "batchnorm" : "no norm")}, lr {lr.ToString(Invariant)}", net with { Normalization = norm }, "sgd", lr);
        LossAndAccuracyPlots("5×64 relu, SGD");
        return (["norm", "lr"], Runs.Select(r => new object?[] { r.Name.StartsWith("batchnorm", StringComparison.Ordinal) ? "batch" : "none", r.Name.EndsWith("0.5", StringComparison.Ordinal) ? 0.5 : 0.01 }).ToList());
    }

    public (string[], List<object?[]>) Init()
    {
        var net = new FullyConnectedNetSpec { HiddenSizes = [64, 64, 64, 64, 64, 64], Activation = "relu" };
        Train("zero", net with { Initialization = WeightInitialization.Zero }, "momentum", 0.02);
        Train("normal(0.01)", net with { Initialization = WeightInitialization.Normal, WeightScale = 0.01 }, "momentum", 0.02);
        Train("he", net with { Initialization = WeightInitialization.He }, "momentum", 0.02);
        var norms = Runs.Select(r => r.MeanLayerGradientNorm()).ToList();
        Lines("grad-norm", "Mean layer gradient norm (6×64 relu, momentum)", "iteration", "log10 mean gradient L2 norm per layer",
            Runs.Select((r, i) => new PlotSeries(r.Name, Iterations(norms[i].Length), norms[i].Select(Log10).ToArray())).ToList());
        LossAndAccuracyPlots("6×64 relu, momentum");
        return (["grad norm (epoch 1)", "grad norm (last epoch)"],
            norms.Select(n => new object?[] { Finite(EpochMean(n, 0)), Finite(EpochMean(n, settings.Epochs - 1)) }).ToList());
    }

    public (string[], List<object?[]>) Optimizers()
    {
        var net = new FullyConnectedNetSpec { HiddenSizes = [64, 64], Activation = "relu", Initialization = WeightInitialization.He };
        var rules = new (string Name, double Lr)[] { ("sgd", 0.05), ("momentum", 0.02), ("nesterov", 0.02), ("rmsprop", 1e-3), ("adam", 1e-3) };
        foreach (var (name, lr) in rules) Train($"{name} (lr {lr.ToString(Invariant)})", net, name, lr);
        LossAndAccuracyPlots("2×64 relu");
        return (["optimizer", "lr"], rules.Select(r => new object?[] { r.Name, r.Lr }).ToList());
    }

    public (string[], List<object?[]>) VanishingGradients()
    {
        var net = new FullyConnectedNetSpec { HiddenSizes = [.. Enumerable.Repeat(64, 9)] };
        Train("sigmoid", net with { Activation = "sigmoid", Initialization = WeightInitialization.Xavier }, "sgd", 0.1);
        Train("relu", net with { Activation = "relu", Initialization = WeightInitialization.He }, "sgd", 0.1);
        var ratios = Runs.Select(r => r.FirstToLastRatioPerEpoch(BatchesPerEpoch)).ToList();
        Lines("gradient-ratio", "First- to last-layer gradient norm (10 affine layers, SGD)", "epoch", "log10 ‖∂L/∂W₁‖ / ‖∂L/∂W₁₀‖ (epoch mean)",
            Runs.Select((r, i) => new PlotSeries(r.Name, Iterations(ratios[i].Length), ratios[i].Select(Log10).ToArray())).ToList(), integerX: true);
        Lines("layer-grad-norm", "Weight gradient norm by layer (mean over training)", "affine layer (1 = input side)", "log10 mean ‖∂L/∂W‖",
            Runs.Select(r => { var m = r.MeanWeightGradientNormPerLayer(); return new PlotSeries(r.Name, Iterations(m.Length), m.Select(Log10).ToArray()); }).ToList(), integerX: true);
        LossAndAccuracyPlots("10 affine layers, SGD");
        return (["first/last (epoch 1)", "first/last (last epoch)"],
            ratios.Select(r => new object?[] { Finite(r[0]), Finite(r[^1]) }).ToList());
    }

    public (string[], List<object?[]>) LearningRateSweep()
    {
        var net = new FullyConnectedNetSpec { HiddenSizes = [64, 64], Activation = "relu", Initialization = WeightInitialization.He };
        double[] rates = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3];
        foreach (double lr in rates) Train($"lr {lr.ToString(Invariant)}", net, "momentum", lr);
        var logRates = rates.Select(Math.Log10).ToArray();
        Lines("accuracy-vs-lr", "Final accuracy against learning rate (2×64 relu, momentum 0.9)", "log10 learning rate", PlotSeries.AccuracyPercentLabel,
            [
                PlotSeries.Percent("validation", logRates, Runs.Select(r => r.ValidationAccuracy).ToArray()),
                PlotSeries.Percent("test", logRates, Runs.Select(r => r.TestAccuracy).ToArray()),
            ]);
        Lines("loss-vs-lr", "Final training loss against learning rate", "log10 learning rate", "log10 final mini-batch loss",
            [new PlotSeries("final loss", logRates, Runs.Select(r => r.History.Loss.Count > 0 ? Log10(r.History.Loss[^1]) : double.NaN).ToArray())]);
        return (["lr"], rates.Select(r => new object?[] { r }).ToList());
    }

    public (string[], List<object?[]>) Regularization()
    {
        var net = new FullyConnectedNetSpec { HiddenSizes = [64, 64], Activation = "relu", Initialization = WeightInitialization.He };
        const double SgdLr = 0.05, AdamLr = 1e-3, Lambda = 1e-2, L1Lambda = 1e-3;
        // Coupled decay λ adds λ·w to the gradient, the gradient of ½·λ·‖W‖², so the L2 runs use the same λ with
        // the half convention and must end with the same bits as the decay runs.
        var l2 = WeightPenalty.WithL2(Lambda, L2PenaltyConvention.HalfSquaredNorm);
        var settingsOf = new List<(double Lr, double Decay, string Mode, double L2, double L1)>();
        ExperimentRun Run(string name, string optimizer, double lr, double decay = 0, WeightDecayMode? mode = null, WeightPenalty? penalty = null)
        {
            settingsOf.Add((lr, decay, decay == 0 ? "-" : (mode ?? (optimizer == "adamw" ? WeightDecayMode.Decoupled : WeightDecayMode.Coupled)).ToString().ToLowerInvariant(),
                penalty?.L2 ?? 0, penalty?.L1 ?? 0));
            return Train(name, net, optimizer, lr, decay, mode, penalty);
        }

        Run("sgd", "sgd", SgdLr);
        var sgdDecay = Run("sgd + weight decay", "sgd", SgdLr, Lambda);
        Run("sgd + l1", "sgd", SgdLr, penalty: WeightPenalty.WithL1(L1Lambda));
        var sgdL2 = Run("sgd + l2 (half)", "sgd", SgdLr, penalty: l2);
        var adamDecay = Run("adam + weight decay", "adam", AdamLr, Lambda);
        var adamL2 = Run("adam + l2 (half)", "adam", AdamLr, penalty: l2);
        Run("adamw", "adamw", AdamLr, Lambda);
        SummaryFields["max_abs_diff"] = sgdDecay.MaxAbsDifference(sgdL2);
        SummaryFields["adam_max_abs_diff"] = adamDecay.MaxAbsDifference(adamL2);

        string lambdas = $"λ {Lambda.ToString(Invariant)}, l1 λ {L1Lambda.ToString(Invariant)}";
        GroupPlots("sgd", $"2×64 relu, SGD lr {SgdLr.ToString(Invariant)}, {lambdas}", Runs.Take(4).ToList());
        GroupPlots("adam", $"2×64 relu, lr {AdamLr.ToString(Invariant)}, λ {Lambda.ToString(Invariant)}", Runs.Skip(4).ToList());
        return (["lr", "weight decay", "mode", "l2 (half)", "l1", "weight norm"],
            settingsOf.Select((s, i) => new object?[] { s.Lr, s.Decay, s.Mode, s.L2, s.L1, Runs[i].FinalWeightNorm }).ToList());
    }

    public (string[], List<object?[]>) Overfit()
    {
        int batchSize = settings.BatchSize ?? 10;
        double lr = settings.LearningRate ?? 1e-2;
        if (settings.Samples > data.Train.Count)
            throw new UsageException($"--samples {settings.Samples} exceeds the {data.Train.Count} training samples of --data {data.Spec}");
        var subset = data with { Train = data.Train.Slice(0, settings.Samples) };
        var net = new FullyConnectedNetSpec { HiddenSizes = [128], Activation = "relu", Initialization = WeightInitialization.He };
        var run = Train($"{settings.Samples} samples", net, "adam", lr, trainOn: subset, batchSize: batchSize);
        var accuracy = run.History.TrainAccuracy;
        int firstFull = Enumerable.Range(0, accuracy.Count).FirstOrDefault(i => accuracy[i] >= 1.0, -1);
        SummaryFields["samples"] = settings.Samples;
        SummaryFields["train_accuracy"] = accuracy.Count > 0 ? accuracy[^1] : double.NaN;
        SummaryFields["final_loss"] = run.History.Loss.Count > 0 ? run.History.Loss[^1] : double.NaN;
        // The first epoch that fits every sample says how easy the fit was; null when none did.
        SummaryFields["epochs_to_100"] = firstFull < 0 ? null : firstFull + 1;

        string label = $"{settings.Samples} samples, 1×128 relu, Adam lr {lr.ToString(Invariant)}, batch {batchSize}";
        int window = Math.Max(1, run.History.Loss.Count / 40);
        Lines("loss", $"Training loss ({label})", "iteration", "mini-batch loss",
            [new PlotSeries(run.Name, Iterations(run.History.Loss.Count), run.History.Loss)], window);
        Lines("accuracy", $"Accuracy ({label})", "epoch", PlotSeries.AccuracyPercentLabel,
            [
                PlotSeries.Percent("training subset", Iterations(accuracy.Count), accuracy),
                PlotSeries.Percent("validation", Iterations(run.History.ValidationAccuracy.Count), run.History.ValidationAccuracy),
            ], integerX: true);
        return (["samples", "lr", "batch size"], [[settings.Samples, lr, batchSize]]);
    }

    public (string[], List<object?[]>) BatchSizeAndMomentum()
    {
        double lr = settings.LearningRate ?? 0.02;
        int[] batchSizes = [16, 64, 256];
        double[] momenta = [0, 0.9];
        var net = new FullyConnectedNetSpec { HiddenSizes = [64], Activation = "relu", Initialization = WeightInitialization.He };
        var configurations = new List<(string Name, int BatchSize, double Momentum, List<ExperimentRun> Runs)>();
        foreach (int batchSize in batchSizes)
            foreach (double momentum in momenta)
            {
                string name = $"batch {batchSize}, μ {momentum.ToString(Invariant)}";
                var runs = new List<ExperimentRun>();
                for (int s = 0; s < settings.Seeds; s++)
                {
                    ulong seed = settings.Seed + (ulong)s;
                    // Momentum 0 is plain SGD; the same rule for both keeps the comparison to μ alone.
                    runs.Add(Train($"{name}, seed {seed}", net, "momentum", lr, batchSize: batchSize, seed: seed, momentum: momentum));
                    RunValues.Add([batchSize, momentum, seed]);
                }
                configurations.Add((name, batchSize, momentum, runs));
            }
        RunColumns = ["batch size", "momentum", "seed"];

        var finals = configurations.Select(c => c.Runs.Select(r => r.History.TrainAccuracy.Count > 0 ? r.History.TrainAccuracy[^1] : double.NaN).ToArray()).ToList();
        var means = finals.Select(f => f.Average()).ToList();
        double best = means.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        var within = configurations.Where((_, i) => best - means[i] <= settings.Tolerance).Select(c => c.Name).ToArray();
        SummaryFields["seeds"] = settings.Seeds;
        SummaryFields["tolerance"] = settings.Tolerance;
        SummaryFields["best"] = configurations[means.IndexOf(best) is int b and >= 0 ? b : 0].Name;
        SummaryFields["within_tolerance"] = within;

        string label = $"1×64 relu, lr {lr.ToString(Invariant)}, mean and min/max over {settings.Seeds} seed{(settings.Seeds == 1 ? "" : "s")}";
        Files.AddRange(Plots.Bands(Path("loss"), Titled($"Training loss per epoch ({label})"), "epoch", "mean mini-batch loss of the epoch",
            configurations.Select(c => Band(c.Name, c.Runs.Select(r => EpochMeans(r.History.Loss, (data.Train.Count + c.BatchSize - 1) / c.BatchSize)).ToList())).ToList(),
            integerX: true));
        Files.AddRange(Plots.Bands(Path("train-accuracy"), Titled($"Training accuracy ({label})"), "epoch", "training " + PlotSeries.AccuracyPercentLabel,
            configurations.Select(c => PlotBand.Spread(c.Name,
                c.Runs.Select(r => PlotSeries.Percent(c.Name, Iterations(r.History.TrainAccuracy.Count), r.History.TrainAccuracy)).ToList())).ToList(), integerX: true));

        ConfigurationColumns = ["run", "batch size", "momentum", "train acc mean", "train acc std", "train acc min", "train acc max",
            "final loss mean", "test acc mean", "within tolerance"];
        return (ConfigurationColumns, configurations.Select((c, i) => new object?[]
        {
            c.Name, c.BatchSize, c.Momentum, Finite(means[i]), Finite(SeedStatistics.StandardDeviation(finals[i])), Finite(finals[i].Min()), Finite(finals[i].Max()),
            Finite(c.Runs.Average(r => r.History.Loss.Count > 0 ? r.History.Loss[^1] : double.NaN)), Finite(c.Runs.Average(r => r.TestAccuracy)),
            within.Contains(c.Name),
        }).ToList());
    }

    private static PlotBand Band(string name, List<double[]> perRun) =>
        PlotBand.Spread(name, perRun.Select(r => new PlotSeries(name, Iterations(r.Length), r)).ToList());

    private static double[] EpochMeans(IReadOnlyList<double> perIteration, int iterationsPerEpoch) =>
        perIteration.Chunk(iterationsPerEpoch).Select(chunk => chunk.Average()).ToArray();


    // Loss, train and validation accuracy of one group of runs. The loss is the data loss, without the L1/L2
    // penalty, so that the decay and L2 runs, whose steps are identical, draw the same curve.
    private void GroupPlots(string group, string label, List<ExperimentRun> runs)
    {
        int window = Math.Max(1, runs.Max(r => r.DataLoss.Count) / 40);
        Lines($"{group}-loss", $"Training loss ({label})", "iteration", "mini-batch data loss (penalty excluded)",
            runs.Select(r => new PlotSeries(r.Name, Iterations(r.DataLoss.Count), r.DataLoss)).ToList(), window);
        Lines($"{group}-train-accuracy", $"Training accuracy ({label})", "epoch", "training " + PlotSeries.AccuracyPercentLabel,
            runs.Select(r => PlotSeries.Percent(r.Name, Iterations(r.History.TrainAccuracy.Count), r.History.TrainAccuracy)).ToList(), integerX: true);
        Lines($"{group}-validation-accuracy", $"Validation accuracy ({label})", "epoch", "validation " + PlotSeries.AccuracyPercentLabel,
            runs.Select(r => PlotSeries.Percent(r.Name, Iterations(r.History.ValidationAccuracy.Count), r.History.ValidationAccuracy)).ToList(), integerX: true);
    }

    private double EpochMean(double[] perIteration, int epoch)
    {
        int start = epoch * BatchesPerEpoch, end = Math.Min(perIteration.Length, start + BatchesPerEpoch);
        if (start >= end) return double.NaN;
        double sum = 0;
        for (int i = start; i < end; i++) sum += perIteration[i];
        return sum / (end - start);
    }

    private static double[] Iterations(int count) => Enumerable.Range(1, count).Select(i => (double)i).ToArray();

    private static double Log10(double v) => v > 0 ? Math.Log10(v) : double.NaN;
}
