using System.CommandLine;
using System.Globalization;
using NativeNet.Cli.Initializations;
using NativeNet.Cli.Normalizations;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Registries;
using NativeNet.Cli.Regularization;
using NativeNet.Cli.Schedules;
using NativeNet.Cli.Tasks;
using NativeNet.Layers;
using NativeNet.Training;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet train</c>: trains a fully connected network and writes the checkpoint, histories and plots.</summary>
internal static class TrainCommand
{
    public static readonly string[] DistributedModes = ["none", "mpi"];

    /// <summary>
    /// Every registered elementwise layer is an activation: the generator makes those from [Elementwise] functions,
    /// while layers with parameters or shape changes are classes declared with [Layer]. Names are case-insensitive
    /// and '-' stands for '_'.
    /// </summary>
    public static IReadOnlyList<string> ActivationNames => LayerRegistry.Layers.Where(IsActivation).Select(d => d.Name).ToArray();

    /// <summary>The registry's own name for activation <paramref name="name"/> (an alias or a spelling with '-'), or null if unknown.</summary>
    public static string? CanonicalActivation(string name) =>
        LayerRegistry.TryGet(name.Replace('-', '_'), out var descriptor) && IsActivation(descriptor) ? descriptor.Name : null;

    private static bool IsActivation(LayerDescriptor descriptor) =>
        !descriptor.LayerType.IsDefined(typeof(LayerAttribute), inherit: false);

    /// <param name="handler">Runs a training; null leaves the command without a runner.</param>
    public static Command Create(Func<TrainSettings, int>? handler)
    {
        var data = new Option<DataSpec>("--data") { Description = "Dataset: " + DataSpec.HelpText + ".", HelpName = "SPEC", DefaultValueFactory = _ => new DataSpec("digits", null, false), CustomParser = DataSpec.Parse };
        var task = TaskCatalog.Registry.Option("--task", "What the network learns: " + TaskCatalog.Registry.HelpText, TaskCatalog.Default);
        var hidden = CliOptions.PositiveIntList("--hidden", "Hidden layer widths.", "256,128");
        var activation = new Option<string>("--activation") { Description = "Hidden-layer activation: any registered elementwise layer or alias.", DefaultValueFactory = _ => "relu", HelpName = CliOptions.ChoicesHelpName(ActivationNames) };
        activation.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out string? name) && name is not null && CanonicalActivation(name) is null)
                result.AddError($"--activation '{name}'{SpellingSuggestion.Suffix(name, ActivationNames)} is not one of {string.Join(", ", ActivationNames)}");
        });
        var norm = NormalizationCatalog.Registry.Option("--norm", "Normalization after each hidden affine layer: " + NormalizationCatalog.Registry.HelpText, "none");
        var dropout = CliOptions.UnitInterval("--dropout", "Dropout probability after each hidden layer (0 = off).", 0);
        var init = InitializationCatalog.Registry.Option("--init", "Weight initialization: " + InitializationCatalog.Registry.HelpText, "he");
        var weightScale = CliOptions.NonNegative("--weight-scale", "Standard deviation of --init normal, half-width of --init uniform.", 1e-2).FitsFloat();
        var optimizer = OptimizerCatalog.Registry.Option("--optimizer", "Update rule: " + OptimizerCatalog.Registry.HelpText, "adam");
        var lr = CliOptions.Positive("--lr", "Initial learning rate η.", 1e-3).FitsFloat();
        var momentum = CliOptions.Momentum();
        var lrDecay = CliOptions.Checked("--lr-decay", "Multiply the learning rate by this factor after every epoch (1 = constant); the same as --schedule multiplicative:factor=X.", 1.0, v => v > 0 && v <= 1, "must lie in (0, 1]");
        var schedule = new Option<ScheduleSpec?>("--schedule") { Description = ScheduleCatalog.HelpText, HelpName = "SPEC", CustomParser = ParseSchedule };
        var weightDecay = CliOptions.NonNegative("--weight-decay", "Weight decay λ on weights (not biases), applied as --weight-decay-mode says.", 0).FitsFloat();
        var weightDecayMode = OptimizerCatalog.WeightDecayModes.OptionalOption("--weight-decay-mode",
            "How --weight-decay enters the update, with Δ the rule's step: " + OptimizerCatalog.WeightDecayModes.HelpText + ". Default: decoupled for adamw, coupled otherwise.");
        var l2 = CliOptions.NonNegative("--l2", "L2 penalty λ on weights (not biases), added to the loss and its gradient; --l2-convention sets the ½.", 0).FitsFloat();
        var l2Convention = L2ConventionCatalog.Registry.Option("--l2-convention", "Penalty of --l2: " + L2ConventionCatalog.Registry.HelpText + ".", "half");
        var l1 = CliOptions.NonNegative("--l1", "L1 penalty λ·Σ|W| on weights (not biases), added to the loss and its gradient (λ·sign(W)).", 0).FitsFloat();
        var epochs = CliOptions.PositiveInt("--epochs", "Number of passes over the training set.", 10);
        var batchSize = CliOptions.PositiveInt("--batch-size", "Mini-batch size.", 128);
        var validation = new Option<int?>("--validation") { Description = "Training samples held out for validation (default: the dataset's own split; 0 = train on all of them, without validation).", HelpName = "N" };
        validation.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out int? n) && n is int count && count < 0)
                result.AddError($"--validation must be a non-negative integer (got {count.ToString(CultureInfo.InvariantCulture)})");
        });
        var trainSubset = CliOptions.OptionalPositiveInt("--train-subset",
            "Train on the first N samples of the training split (what --validation leaves: digits' is a fixed random draw, the image sets' is in file order); validation and test data are unchanged.");
        var patience = CliOptions.OptionalPositiveInt("--patience",
            "Stop early when the validation metric that picks the best parameters (accuracy; the validation loss for regression) has not improved for N epochs; needs a validation split.");
        var minDelta = CliOptions.NonNegative("--min-delta", "The improvement of the validation metric that --patience counts (0: any improvement).", 0);
        var dropLast = new Option<bool>("--drop-last") { Description = "Skip each epoch's last minibatch when it is smaller than --batch-size, so that every step averages --batch-size samples." };
        bool restoreBestDefault = new SolverOptions().RestoreBestParameters;
        var restoreBest = new Option<bool>("--restore-best")
        {
            Description = "End with the parameters of the best validation accuracy (true) or of the last epoch (false); the checkpoint keeps both, and eval evaluates the ones train reports. " +
                          $"Default: {(restoreBestDefault ? "true" : "false")}, as the library's SolverOptions.RestoreBestParameters.",
            HelpName = CliOptions.ChoicesHelpName(["true", "false"]),
            DefaultValueFactory = _ => restoreBestDefault,
        };
        var classes = CliOptions.OptionalPositiveInt("--classes", "The number of classes of mnist:DIR data (default 10) or csv:FILE data (default: the largest label + 1); labels must lie below it. Other data sets know their own.");
        var seed = CliOptions.Seed();
        var threads = CliOptions.TrainingThreads("Worker threads (results do not depend on it).");
        var output = CliOptions.OutDirectory("runs/train", "the checkpoint, histories and plots");
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (a file, or a --out directory holding checkpoint.safetensors) up to --epochs; the model, optimizer, data (with --train-subset), batch size, --drop-last and seed must match.", HelpName = "DIR|FILE" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Train afresh into an --out directory that already holds a checkpoint, replacing it (without this or --resume, train refuses)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG/SVG plots." };
        var testEveryEpoch = new Option<bool>("--test-every-epoch") { Description = "Also measure the test accuracy after every epoch (and before training), for the history and the accuracy plot; it does not choose the best parameters." };
        var json = CliOptions.Json("test_accuracy, val_accuracy, train_seconds, epochs and more");
        var distributed = new Option<string?>("--distributed")
        {
            Description = "Train data-parallel: mpi (every rank started by mpiexec computes some shards of each minibatch) or none. " +
                          "Default: mpi when mpiexec started the process, none otherwise. The result does not depend on the number of ranks.",
            HelpName = CliOptions.ChoicesHelpName(DistributedModes),
        };
        distributed.AcceptOnlyFromAmong(DistributedModes);
        var shards = CliOptions.OptionalPositiveInt("--shards",
            $"Cut each minibatch into N shards (a power of two, at least the number of ranks) whose gradients are summed in one fixed tree, so any number of ranks gives the same bits; " +
            $"default {NativeNet.Distributed.Training.ShardLayout.DefaultShards} under MPI. Without MPI, --shards N trains as N shards in this process would (the same bits as under mpiexec); leaving it out trains with the plain solver.");
        shards.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out int? n) && n is int count && count > 0 && !System.Numerics.BitOperations.IsPow2(count))
                result.AddError($"--shards must be a power of two (got {count.ToString(CultureInfo.InvariantCulture)})");
        });
        var useDouble = new Option<bool>("--double") { Description = "Train in float64 instead of float32 (slower; for numerical studies). The checkpoint records the type, and eval and --resume follow it." };

        var command = new Command("train", "Train a fully connected network; writes the checkpoint, the histories of loss, accuracy, gradient norm and learning rate, and their plots into --out.")
        {
            data, task, hidden, activation, norm, dropout, init, weightScale, optimizer, lr, momentum, lrDecay, schedule, weightDecay, weightDecayMode, l2, l2Convention, l1, epochs, patience, minDelta, batchSize, dropLast, validation, trainSubset, classes, seed, threads,
            output, resume, overwrite, restoreBest, testEveryEpoch, noPlots, useDouble, distributed, shards, json,
        };
        command.Validators.Add(result =>
        {
            // Both say how the rate changes; taking one silently would train with a schedule the user did not ask for.
            if (result.GetResult(schedule) is { Implicit: false } && result.GetResult(lrDecay) is { Implicit: false })
                result.AddError("--lr-decay and --schedule cannot be used together; write --lr-decay X as --schedule multiplicative:factor=X");
            if (result.GetResult(minDelta) is { Implicit: false } && result.GetResult(patience) is null)
                result.AddError("--min-delta applies to --patience; pass --patience N as well");
        });
        if (handler is not null)
            command.SetAction(p => handler(new TrainSettings
            {
                Data = p.GetValue(data)!,
                Task = p.GetValue(task)!,
                Patience = p.GetValue(patience),
                MinDelta = p.GetValue(minDelta),
                Hidden = CliOptions.GetPositiveInts(p, hidden),
                Activation = CanonicalActivation(p.GetValue(activation)!)!,
                Norm = p.GetValue(norm)!,
                Dropout = p.GetValue(dropout),
                Init = p.GetValue(init)!,
                WeightScale = p.GetValue(weightScale),
                Optimizer = p.GetValue(optimizer)!,
                LearningRate = p.GetValue(lr),
                Momentum = p.GetValue(momentum),
                LearningRateDecay = p.GetValue(lrDecay),
                Schedule = p.GetValue(schedule),
                WeightDecay = p.GetValue(weightDecay),
                WeightDecayMode = p.GetValue(weightDecayMode),
                L2 = p.GetValue(l2),
                L2Convention = p.GetValue(l2Convention)!,
                L1 = p.GetValue(l1),
                Epochs = p.GetValue(epochs),
                BatchSize = p.GetValue(batchSize),
                DropLast = p.GetValue(dropLast),
                Validation = p.GetValue(validation),
                TrainSubset = p.GetValue(trainSubset),
                Classes = p.GetValue(classes),
                Seed = p.GetValue(seed),
                Threads = p.GetValue(threads),
                OutDirectory = p.GetValue(output)!,
                Resume = p.GetValue(resume),
                Overwrite = p.GetValue(overwrite),
                RestoreBest = p.GetValue(restoreBest),
                Plots = !p.GetValue(noPlots),
                Json = p.GetValue(json),
                TestEveryEpoch = p.GetValue(testEveryEpoch),
                Double = p.GetValue(useDouble),
                Distributed = p.GetValue(distributed),
                Shards = p.GetValue(shards),
            }));
        return command;
    }

    private static ScheduleSpec? ParseSchedule(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return null;
        var spec = ScheduleSpec.TryParse(result.Tokens[^1].Value, out var error);
        if (spec is null) result.AddError(error!);
        return spec;
    }
}
