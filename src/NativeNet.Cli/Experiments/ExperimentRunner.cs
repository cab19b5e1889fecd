using System.Globalization;
using System.Text;
using NativeNet.Cli.Commands;
using NativeNet.Cli.Console;
using NativeNet.Cli.DataSources;
using NativeNet.Cli.Plotting;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Regularization;
using NativeNet.Training;
using Spectre.Console;

namespace NativeNet.Cli.Experiments;

/// <summary>
/// Runs <c>nativenet experiment NAME</c> on the embedded digits: the training runs of the study, their plots (PNG and
/// SVG), a summary table on stdout and <c>summary.csv</c>/<c>summary.json</c> in --out (a study over seeds also
/// writes its per-seed runs to <c>runs.csv</c>). The summary holds no timings, so the same seed writes the same summary.json.
/// </summary>
internal static class ExperimentRunner
{
    private const int BatchSize = 64;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly string[] Columns = ["run", "final loss", "train acc", "val acc", "test acc", "stopped"];

    public static int Run(CliContext context, ExperimentSettings settings)
    {
        var data = TrainingData.Load(new DataSpec("digits", null, false));
        Directory.CreateDirectory(settings.OutDirectory);
        if (!Plots.HasFonts) context.Error.WriteLine(Plots.NoFontsWarning);
        var study = new Study(context, data, settings);
        var (extraColumns, extraValues) = settings.Name switch
        {
            "batchnorm" => study.BatchNorm(),
            "init" => study.Init(),
            "optimizers" => study.Optimizers(),
            "vanishing-gradients" => study.VanishingGradients(),
            "lr-sweep" => study.LearningRateSweep(),
            "regularization" => study.Regularization(),
            "overfit" => study.Overfit(),
            "batch-size" => study.BatchSizeAndMomentum(),
            _ => throw new UsageException($"unknown experiment '{settings.Name}'; choose one of {string.Join(", ", ExperimentCommand.Names)}"),
        };

        // A study over seeds summarizes each configuration in one row instead of one row per run.
        string[] columns = study.ConfigurationColumns ?? [.. Columns, .. extraColumns];
        var rows = study.ConfigurationColumns is not null ? extraValues : study.Runs.Select((r, i) => RunValues(r).Concat(extraValues[i]).ToArray()).ToList();

        var table = new Table().Title(Markup.Escape($"experiment {settings.Name} (digits, {settings.Epochs} epochs, seed {settings.Seed})"));
        foreach (var column in columns) table.AddColumn(Markup.Escape(column));
        foreach (var row in rows) table.AddRow(row.Select(v => Markup.Escape(Format(v))).ToArray());
        context.Ansi.Write(table);

        string csv = Path.Combine(settings.OutDirectory, "summary.csv");
        string json = Path.Combine(settings.OutDirectory, "summary.json");
        WriteCsv(csv, columns, rows);
        var fields = new Dictionary<string, object?>
        {
            ["experiment"] = settings.Name,
            ["data"] = "digits",
            ["epochs"] = settings.Epochs,
            ["seed"] = settings.Seed,
        };
        foreach (var (key, value) in study.SummaryFields) fields[key] = value;
        fields["rows"] = rows.Select(row => columns.Select((c, i) => (Key(c), row[i])).ToDictionary(p => p.Item1, p => p.Item2)).ToArray();
        if (study.ConfigurationColumns is not null)
        {
            // The per-seed runs behind the configuration rows, so that their statistics can be checked.
            string[] runColumns = [.. Columns, .. study.RunColumns];
            var runRows = study.Runs.Select((r, i) => RunValues(r).Concat(study.RunValues[i]).ToArray()).ToList();
            fields["runs"] = runRows.Select(row => runColumns.Select((c, i) => (Key(c), row[i])).ToDictionary(p => p.Item1, p => p.Item2)).ToArray();
            study.Files.Add(WriteCsv(Path.Combine(settings.OutDirectory, "runs.csv"), runColumns, runRows));
        }
        string summary = FieldsJson.Serialize(fields);
        foreach (var (key, value) in study.SummaryFields) context.Out.WriteLine($"{key}: {Format(value)}");
        File.WriteAllText(json, summary + "\n");
        var files = study.Files.Append(csv).Append(json).ToList();
        context.Out.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(settings.OutDirectory)}");
        if (settings.Json) context.Out.WriteLine(summary);
        return Program.Success;
    }

    private static object?[] RunValues(ExperimentRun r) =>
    [
        r.Name, Finite(r.History.Loss.Count > 0 ? r.History.Loss[^1] : double.NaN), Finite(r.History.TrainAccuracy.Count > 0 ? r.History.TrainAccuracy[^1] : double.NaN),
        Finite(r.ValidationAccuracy), Finite(r.TestAccuracy), r.Result.Reason.ToString().ToLowerInvariant(),
    ];

    private static string WriteCsv(string path, string[] columns, List<object?[]> rows)
    {
        var text = new StringBuilder().Append(string.Join(',', columns.Select(Key))).Append('\n');
        foreach (var row in rows) text.Append(string.Join(',', row.Select(v => CsvValue(v)))).Append('\n');
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    // "grad norm (epoch 1)" → "grad_norm_epoch_1": a column title as a CSV/JSON key.
    private static string Key(string column) =>
        string.Join('_', column.ToLowerInvariant().Split(column.Where(c => !char.IsAsciiLetterOrDigit(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries));

    private static string Format(object? value) => value switch
    {
        null => "-",
        double d => Math.Abs(d) >= 1e-3 && Math.Abs(d) < 1e4 || d == 0 ? d.ToString("0.####", Invariant) : d.ToString("0.###e+0", Invariant),
        IFormattable f => f.ToString(null, Invariant),
        string s => s,
        bool b => b ? "yes" : "no",
        IEnumerable<string> list => string.Join("; ", list),
        _ => value.ToString() ?? "",
    };

    private static string CsvValue(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", Invariant),
        string s => s.Contains(',', StringComparison.Ordinal) ? $"\"{s}\"" : s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };

    /// <summary>The runs and plots of one study.</summary>
    private sealed class Study(CliContext context, TrainingData data, ExperimentSettings settings)
    {
        public List<ExperimentRun> Runs { get; } = [];

        public List<string> Files { get; } = [];

        /// <summary>Study-wide results written into summary.json next to the rows, e.g. <c>max_abs_diff</c>.</summary>
        public Dictionary<string, object?> SummaryFields { get; } = [];

        /// <summary>Set by a study over seeds: the columns of its one row per configuration, which replace the per-run rows.</summary>
        public string[]? ConfigurationColumns { get; private set; }

        /// <summary>With <see cref="ConfigurationColumns"/>: the extra columns of the per-run rows written to runs.csv.</summary>
        public string[] RunColumns { get; private set; } = [];

        /// <summary>With <see cref="ConfigurationColumns"/>: per run, the values of <see cref="RunColumns"/>.</summary>
        public List<object?[]> RunValues { get; } = [];

        private int BatchesPerEpoch => (data.Train.Count + BatchSize - 1) / BatchSize;

        private ExperimentRun Train(string name, FullyConnectedNetSpec spec, string optimizer, double learningRate,
            double weightDecay = 0, WeightDecayMode? weightDecayMode = null, WeightPenalty? penalty = null,
            TrainingData? trainOn = null, int batchSize = BatchSize, ulong? seed = null, double? momentum = null)
        {
            var run = ExperimentRun.Train(name, trainOn ?? data, spec, optimizer, learningRate, settings.Epochs, batchSize, seed ?? settings.Seed, context.Cancellation,
                weightDecay, weightDecayMode, penalty, momentum);
            context.Out.WriteLine(string.Create(Invariant,
                $"{name}: validation accuracy {run.ValidationAccuracy:P2}, test accuracy {run.TestAccuracy:P2}, {run.Result.Reason.ToString().ToLowerInvariant()} in {run.Result.TrainSeconds:F2} s"));
            Runs.Add(run);
            return run;
        }

        private string Path(string name) => System.IO.Path.Combine(settings.OutDirectory, name);

        private void LossAndAccuracyPlots(string label)
        {
            int window = Math.Max(1, Runs.Max(r => r.History.Loss.Count) / 40);
            Files.AddRange(Plots.Lines(Path("loss"), $"Training loss ({label})", "iteration", "mini-batch loss",
                Runs.Select(r => new PlotSeries(r.Name, Iterations(r.History.Loss.Count), r.History.Loss)).ToList(), window));
            Files.AddRange(Plots.Lines(Path("validation-accuracy"), $"Validation accuracy ({label})", "epoch", "validation " + PlotSeries.AccuracyPercentLabel,
                Runs.Select(r => PlotSeries.Percent(r.Name, Iterations(r.History.ValidationAccuracy.Count), r.History.ValidationAccuracy)).ToList(), integerX: true));
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
            Files.AddRange(Plots.Lines(Path("grad-norm"), "Mean layer gradient norm (6×64 relu, momentum)", "iteration", "log10 mean gradient L2 norm per layer",
                Runs.Select((r, i) => new PlotSeries(r.Name, Iterations(norms[i].Length), norms[i].Select(Log10).ToArray())).ToList()));
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
            Files.AddRange(Plots.Lines(Path("gradient-ratio"), "First- to last-layer gradient norm (10 affine layers, SGD)", "epoch", "log10 ‖∂L/∂W₁‖ / ‖∂L/∂W₁₀‖ (epoch mean)",
                Runs.Select((r, i) => new PlotSeries(r.Name, Iterations(ratios[i].Length), ratios[i].Select(Log10).ToArray())).ToList(), integerX: true));
            Files.AddRange(Plots.Lines(Path("layer-grad-norm"), "Weight gradient norm by layer (mean over training)", "affine layer (1 = input side)", "log10 mean ‖∂L/∂W‖",
                Runs.Select(r => { var m = r.MeanWeightGradientNormPerLayer(); return new PlotSeries(r.Name, Iterations(m.Length), m.Select(Log10).ToArray()); }).ToList(), integerX: true));
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
            Files.AddRange(Plots.Lines(Path("accuracy-vs-lr"), "Final accuracy against learning rate (2×64 relu, momentum 0.9)", "log10 learning rate", PlotSeries.AccuracyPercentLabel,
                [
                    PlotSeries.Percent("validation", logRates, Runs.Select(r => r.ValidationAccuracy).ToArray()),
                    PlotSeries.Percent("test", logRates, Runs.Select(r => r.TestAccuracy).ToArray()),
                ]));
            Files.AddRange(Plots.Lines(Path("loss-vs-lr"), "Final training loss against learning rate", "log10 learning rate", "log10 final mini-batch loss",
                [new PlotSeries("final loss", logRates, Runs.Select(r => r.History.Loss.Count > 0 ? Log10(r.History.Loss[^1]) : double.NaN).ToArray())]));
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
            const int OverfitBatchSize = 10;
            const double Lr = 1e-2;
            if (settings.Samples > data.Train.Count)
                throw new UsageException($"--samples {settings.Samples} exceeds the {data.Train.Count} training samples of the digits");
            var subset = data with { Train = data.Train.Slice(0, settings.Samples) };
            var net = new FullyConnectedNetSpec { HiddenSizes = [128], Activation = "relu", Initialization = WeightInitialization.He };
            var run = Train($"{settings.Samples} samples", net, "adam", Lr, trainOn: subset, batchSize: OverfitBatchSize);
            var accuracy = run.History.TrainAccuracy;
            int firstFull = Enumerable.Range(0, accuracy.Count).FirstOrDefault(i => accuracy[i] >= 1.0, -1);
            SummaryFields["samples"] = settings.Samples;
            SummaryFields["train_accuracy"] = accuracy.Count > 0 ? accuracy[^1] : double.NaN;
            SummaryFields["final_loss"] = run.History.Loss.Count > 0 ? run.History.Loss[^1] : double.NaN;
            // The first epoch that fits every sample says how easy the fit was; null when none did.
            SummaryFields["epochs_to_100"] = firstFull < 0 ? null : firstFull + 1;

            string label = $"{settings.Samples} samples, 1×128 relu, Adam lr {Lr.ToString(Invariant)}, batch {OverfitBatchSize}";
            int window = Math.Max(1, run.History.Loss.Count / 40);
            Files.AddRange(Plots.Lines(Path("loss"), $"Training loss ({label})", "iteration", "mini-batch loss",
                [new PlotSeries(run.Name, Iterations(run.History.Loss.Count), run.History.Loss)], window));
            Files.AddRange(Plots.Lines(Path("accuracy"), $"Accuracy ({label})", "epoch", "accuracy",
                [
                    new PlotSeries("training subset", Iterations(accuracy.Count), accuracy),
                    new PlotSeries("validation", Iterations(run.History.ValidationAccuracy.Count), run.History.ValidationAccuracy),
                ], integerX: true));
            return (["samples", "lr", "batch size"], [[settings.Samples, Lr, OverfitBatchSize]]);
        }

        public (string[], List<object?[]>) BatchSizeAndMomentum()
        {
            const double Lr = 0.02;
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
                        runs.Add(Train($"{name}, seed {seed}", net, "momentum", Lr, batchSize: batchSize, seed: seed, momentum: momentum));
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

            string label = $"1×64 relu, lr {Lr.ToString(Invariant)}, mean and min/max over {settings.Seeds} seed{(settings.Seeds == 1 ? "" : "s")}";
            Files.AddRange(Plots.Bands(Path("loss"), $"Training loss per epoch ({label})", "epoch", "mean mini-batch loss of the epoch",
                configurations.Select(c => Band(c.Name, c.Runs.Select(r => EpochMeans(r.History.Loss, (data.Train.Count + c.BatchSize - 1) / c.BatchSize)).ToList())).ToList(),
                integerX: true));
            Files.AddRange(Plots.Bands(Path("train-accuracy"), $"Training accuracy ({label})", "epoch", "training accuracy",
                configurations.Select(c => Band(c.Name, c.Runs.Select(r => r.History.TrainAccuracy.ToArray()).ToList())).ToList(), integerX: true));

            ConfigurationColumns = ["run", "batch size", "momentum", "train acc mean", "train acc std", "train acc min", "train acc max",
                "final loss mean", "test acc mean", "within tolerance"];
            return (ConfigurationColumns, configurations.Select((c, i) => new object?[]
            {
                c.Name, c.BatchSize, c.Momentum, Finite(means[i]), Finite(SampleStandardDeviation(finals[i])), Finite(finals[i].Min()), Finite(finals[i].Max()),
                Finite(c.Runs.Average(r => r.History.Loss.Count > 0 ? r.History.Loss[^1] : double.NaN)), Finite(c.Runs.Average(r => r.TestAccuracy)),
                within.Contains(c.Name),
            }).ToList());
        }

        // Per index, the mean over runs between their minimum and maximum; runs of one configuration have equal lengths.
        private static PlotBand Band(string name, List<double[]> perRun)
        {
            int length = perRun.Min(r => r.Length);
            var mean = new double[length];
            var min = new double[length];
            var max = new double[length];
            for (int i = 0; i < length; i++)
            {
                mean[i] = perRun.Average(r => r[i]);
                min[i] = perRun.Min(r => r[i]);
                max[i] = perRun.Max(r => r[i]);
            }
            return new PlotBand(name, Iterations(length), mean, min, max);
        }

        private static double[] EpochMeans(IReadOnlyList<double> perIteration, int iterationsPerEpoch) =>
            perIteration.Chunk(iterationsPerEpoch).Select(chunk => chunk.Average()).ToArray();

        // The n − 1 estimate, 0 for a single seed, so that one seed reports no spread rather than NaN.
        private static double SampleStandardDeviation(double[] values)
        {
            if (values.Length < 2) return 0;
            double mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        }

        // Loss, train and validation accuracy of one group of runs. The loss is the data loss, without the L1/L2
        // penalty, so that the decay and L2 runs, whose steps are identical, draw the same curve.
        private void GroupPlots(string group, string label, List<ExperimentRun> runs)
        {
            int window = Math.Max(1, runs.Max(r => r.DataLoss.Count) / 40);
            Files.AddRange(Plots.Lines(Path($"{group}-loss"), $"Training loss ({label})", "iteration", "mini-batch data loss (penalty excluded)",
                runs.Select(r => new PlotSeries(r.Name, Iterations(r.DataLoss.Count), r.DataLoss)).ToList(), window));
            Files.AddRange(Plots.Lines(Path($"{group}-train-accuracy"), $"Training accuracy ({label})", "epoch", "training " + PlotSeries.AccuracyPercentLabel,
                runs.Select(r => PlotSeries.Percent(r.Name, Iterations(r.History.TrainAccuracy.Count), r.History.TrainAccuracy)).ToList(), integerX: true));
            Files.AddRange(Plots.Lines(Path($"{group}-validation-accuracy"), $"Validation accuracy ({label})", "epoch", "validation " + PlotSeries.AccuracyPercentLabel,
                runs.Select(r => PlotSeries.Percent(r.Name, Iterations(r.History.ValidationAccuracy.Count), r.History.ValidationAccuracy)).ToList(), integerX: true));
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
}
