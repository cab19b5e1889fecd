using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NativeNet.Cli.Initializations;
using NativeNet.Cli.Normalizations;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Registries;
using NativeNet.Cli.Regularization;
using NativeNet.Cli.Schedules;
using NativeNet.Cli.Tasks;
using NativeNet.Training;

namespace NativeNet.Cli.Commands;

/// <summary>
/// The options of one training run, as <c>train</c> offers them, and how they read into <see cref="TrainSettings"/>:
/// <c>sweep</c> offers the same options (all but those that make no sense for a grid) with the same meaning.
/// </summary>
internal sealed class TrainOptions
{
    public TrainOptions()
    {
        Data = new Option<DataSpec>("--data") { Description = "Dataset: " + DataSpec.HelpText + ".", HelpName = "SPEC", DefaultValueFactory = _ => new DataSpec("digits", null, false), CustomParser = DataSpec.Parse };
        Task = TaskCatalog.Registry.Option("--task", "What the network learns: " + TaskCatalog.Registry.HelpText, TaskCatalog.Default);
        Hidden = CliOptions.PositiveIntList("--hidden", "Hidden layer widths.", "256,128");
        Activation = new Option<string>("--activation") { Description = "Hidden-layer activation: any registered elementwise layer or alias.", DefaultValueFactory = _ => "relu", HelpName = CliOptions.ChoicesHelpName(TrainCommand.ActivationNames) };
        Activation.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out string? name) && name is not null && TrainCommand.CanonicalActivation(name) is null)
                result.AddError($"--activation '{name}'{SpellingSuggestion.Suffix(name, TrainCommand.ActivationNames)} is not one of {string.Join(", ", TrainCommand.ActivationNames)}");
        });
        Norm = NormalizationCatalog.Registry.Option("--norm", "Normalization after each hidden affine layer: " + NormalizationCatalog.Registry.HelpText, "none");
        Dropout = CliOptions.UnitInterval("--dropout", "Dropout probability after each hidden layer (0 = off).", 0);
        Init = InitializationCatalog.Registry.Option("--init", "Weight initialization: " + InitializationCatalog.Registry.HelpText, "he");
        WeightScale = CliOptions.NonNegative("--weight-scale", "Standard deviation of --init normal, half-width of --init uniform.", 1e-2).FitsFloat();
        Optimizer = OptimizerCatalog.Registry.Option("--optimizer", "Update rule: " + OptimizerCatalog.Registry.HelpText, "adam");
        Lr = CliOptions.Positive("--lr", "Initial learning rate η.", 1e-3).FitsFloat();
        Momentum = CliOptions.Momentum();
        LrDecay = CliOptions.Checked("--lr-decay", "Multiply the learning rate by this factor after every epoch (1 = constant); the same as --schedule multiplicative:factor=X.", 1.0, v => v > 0 && v <= 1, "must lie in (0, 1]");
        Schedule = new Option<ScheduleSpec?>("--schedule") { Description = ScheduleCatalog.HelpText, HelpName = "SPEC", CustomParser = ParseSchedule };
        WeightDecay = CliOptions.NonNegative("--weight-decay", "Weight decay λ on weights (not biases), applied as --weight-decay-mode says.", 0).FitsFloat();
        WeightDecayMode = OptimizerCatalog.WeightDecayModes.OptionalOption("--weight-decay-mode",
            "How --weight-decay enters the update, with Δ the rule's step: " + OptimizerCatalog.WeightDecayModes.HelpText + ". Default: decoupled for adamw, coupled otherwise.");
        L2 = CliOptions.NonNegative("--l2", "L2 penalty λ on weights (not biases), added to the loss and its gradient; --l2-convention sets the ½.", 0).FitsFloat();
        L2Convention = L2ConventionCatalog.Registry.Option("--l2-convention", "Penalty of --l2: " + L2ConventionCatalog.Registry.HelpText + ".", "half");
        L1 = CliOptions.NonNegative("--l1", "L1 penalty λ·Σ|W| on weights (not biases), added to the loss and its gradient (λ·sign(W)).", 0).FitsFloat();
        Epochs = CliOptions.PositiveInt("--epochs", "Number of passes over the training set.", 10);
        BatchSize = CliOptions.PositiveInt("--batch-size", "Mini-batch size.", 128);
        Validation = new Option<int?>("--validation") { Description = "Training samples held out for validation (default: the dataset's own split; 0 = train on all of them, without validation).", HelpName = "N" };
        Validation.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out int? n) && n is int count && count < 0)
                result.AddError($"--validation must be a non-negative integer (got {count.ToString(CultureInfo.InvariantCulture)})");
        });
        TrainSubset = CliOptions.OptionalPositiveInt("--train-subset",
            "Train on the first N samples of the training split (what --validation leaves: digits' is a fixed random draw, the image sets' is in file order); validation and test data are unchanged.");
        Patience = CliOptions.OptionalPositiveInt("--patience",
            "Stop early when the validation metric that picks the best parameters (accuracy; the validation loss for regression) has not improved for N epochs; needs a validation split.");
        MinDelta = CliOptions.NonNegative("--min-delta", "The improvement of the validation metric that --patience counts (0: any improvement).", 0);
        DropLast = new Option<bool>("--drop-last") { Description = "Skip each epoch's last minibatch when it is smaller than --batch-size, so that every step averages --batch-size samples." };
        bool restoreBestDefault = new SolverOptions().RestoreBestParameters;
        RestoreBest = new Option<bool>("--restore-best")
        {
            Description = "End with the parameters of the best validation accuracy (true) or of the last epoch (false); the checkpoint keeps both, and eval evaluates the ones train reports. " +
                          $"Default: {(restoreBestDefault ? "true" : "false")}, as the library's SolverOptions.RestoreBestParameters.",
            HelpName = CliOptions.ChoicesHelpName(["true", "false"]),
            DefaultValueFactory = _ => restoreBestDefault,
        };
        Classes = CliOptions.OptionalPositiveInt("--classes", "The number of classes of mnist:DIR data (default 10) or csv:FILE data (default: the largest label + 1); labels must lie below it. Other data sets know their own.");
        Seed = CliOptions.Seed();
        Threads = CliOptions.TrainingThreads("Worker threads (results do not depend on it).");
        Output = CliOptions.OutDirectory("runs/train", "the checkpoint, histories and plots");
        Resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (a file, or a --out directory holding checkpoint.safetensors) up to --epochs; the model, optimizer, data (with --train-subset), batch size, --drop-last and seed must match.", HelpName = "DIR|FILE" };
        Overwrite = new Option<bool>("--overwrite") { Description = "Train afresh into an --out directory that already holds a checkpoint, replacing it (without this or --resume, train refuses)." };
        NoPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG/SVG plots." };
        TestEveryEpoch = new Option<bool>("--test-every-epoch") { Description = "Also measure the test accuracy after every epoch (and before training), for the history and the accuracy plot; it does not choose the best parameters." };
        Json = CliOptions.Json("test_accuracy, val_accuracy, train_seconds, epochs and more");
        Distributed = new Option<string?>("--distributed")
        {
            Description = "Train data-parallel: mpi (every rank started by mpiexec computes some shards of each minibatch) or none. " +
                          "Default: mpi when mpiexec started the process, none otherwise. The result does not depend on the number of ranks.",
            HelpName = CliOptions.ChoicesHelpName(TrainCommand.DistributedModes),
        };
        Distributed.AcceptOnlyFromAmong(TrainCommand.DistributedModes);
        Shards = CliOptions.OptionalPositiveInt("--shards",
            $"Cut each minibatch into N shards (a power of two, at least the number of ranks) whose gradients are summed in one fixed tree, so any number of ranks gives the same bits; " +
            $"default {NativeNet.Distributed.Training.ShardLayout.DefaultShards} under MPI. Without MPI, --shards N trains as N shards in this process would (the same bits as under mpiexec); leaving it out trains with the plain solver.");
        Shards.Validators.Add(result =>
        {
            if (CliOptions.TryGetValue(result, out int? n) && n is int count && count > 0 && !System.Numerics.BitOperations.IsPow2(count))
                result.AddError($"--shards must be a power of two (got {count.ToString(CultureInfo.InvariantCulture)})");
        });
        UseDouble = new Option<bool>("--double") { Description = "Train in float64 instead of float32 (slower; for numerical studies). The checkpoint records the type, and eval and --resume follow it." };

    }

    public Option<DataSpec> Data { get; }

    public Option<string> Task { get; }

    public Option<int?> Patience { get; }

    public Option<double> MinDelta { get; }

    public Option<string> Hidden { get; }

    public Option<string> Activation { get; }

    public Option<string> Norm { get; }

    public Option<double> Dropout { get; }

    public Option<string> Init { get; }

    public Option<double> WeightScale { get; }

    public Option<string> Optimizer { get; }

    public Option<double> Lr { get; }

    public Option<double?> Momentum { get; }

    public Option<double> LrDecay { get; }

    public Option<ScheduleSpec?> Schedule { get; }

    public Option<double> WeightDecay { get; }

    public Option<string?> WeightDecayMode { get; }

    public Option<double> L2 { get; }

    public Option<string> L2Convention { get; }

    public Option<double> L1 { get; }

    public Option<int> Epochs { get; }

    public Option<int> BatchSize { get; }

    public Option<int?> Validation { get; }

    public Option<int?> TrainSubset { get; }

    public Option<bool> DropLast { get; }

    public Option<bool> RestoreBest { get; }

    public Option<int?> Classes { get; }

    public Option<ulong> Seed { get; }

    public Option<int> Threads { get; }

    public Option<string> Output { get; }

    public Option<string?> Resume { get; }

    public Option<bool> Overwrite { get; }

    public Option<bool> NoPlots { get; }

    public Option<bool> TestEveryEpoch { get; }

    public Option<bool> Json { get; }

    public Option<string?> Distributed { get; }

    public Option<int?> Shards { get; }

    public Option<bool> UseDouble { get; }

    /// <summary>Every option, in the order help lists them.</summary>
    public IReadOnlyList<Option> All =>
    [
        Data, Task, Hidden, Activation, Norm, Dropout, Init, WeightScale, Optimizer, Lr, Momentum, LrDecay, Schedule, WeightDecay, WeightDecayMode, L2, L2Convention, L1, Epochs, Patience, MinDelta, BatchSize, DropLast, Validation, TrainSubset, Classes, Seed, Threads, Output, Resume, Overwrite, RestoreBest, TestEveryEpoch, NoPlots, UseDouble, Distributed, Shards, Json,
    ];

    /// <summary>Rules between options: <c>--lr-decay</c> and <c>--schedule</c> exclude each other; <c>--min-delta</c> needs <c>--patience</c>.</summary>
    public void Validate(CommandResult result)
    {
        // Both say how the rate changes; taking one silently would train with a schedule the user did not ask for.
        if (result.GetResult(Schedule) is { Implicit: false } && result.GetResult(LrDecay) is { Implicit: false })
            result.AddError("--lr-decay and --schedule cannot be used together; write --lr-decay X as --schedule multiplicative:factor=X");
        if (result.GetResult(MinDelta) is { Implicit: false } && result.GetResult(Patience) is null)
            result.AddError("--min-delta applies to --patience; pass --patience N as well");
    }

    /// <summary>The settings <paramref name="p"/> gives; an option the command does not carry reads as its default.</summary>
    public TrainSettings Read(ParseResult p) => new()
    {
        Data = Value(p, Data),
        Task = Value(p, Task),
        Patience = Value(p, Patience),
        MinDelta = Value(p, MinDelta),
        Hidden = CliOptions.PositiveInts(Value(p, Hidden), Hidden.Name),
        Activation = TrainCommand.CanonicalActivation(Value(p, Activation))!,
        Norm = Value(p, Norm),
        Dropout = Value(p, Dropout),
        Init = Value(p, Init),
        WeightScale = Value(p, WeightScale),
        Optimizer = Value(p, Optimizer),
        LearningRate = Value(p, Lr),
        Momentum = Value(p, Momentum),
        LearningRateDecay = Value(p, LrDecay),
        Schedule = Value(p, Schedule),
        WeightDecay = Value(p, WeightDecay),
        WeightDecayMode = Value(p, WeightDecayMode),
        L2 = Value(p, L2),
        L2Convention = Value(p, L2Convention),
        L1 = Value(p, L1),
        Epochs = Value(p, Epochs),
        BatchSize = Value(p, BatchSize),
        DropLast = Value(p, DropLast),
        Validation = Value(p, Validation),
        TrainSubset = Value(p, TrainSubset),
        Classes = Value(p, Classes),
        Seed = Value(p, Seed),
        Threads = Value(p, Threads),
        OutDirectory = Value(p, Output),
        Resume = Value(p, Resume),
        Overwrite = Value(p, Overwrite),
        RestoreBest = Value(p, RestoreBest),
        Plots = !Value(p, NoPlots),
        Json = Value(p, Json),
        TestEveryEpoch = Value(p, TestEveryEpoch),
        Double = Value(p, UseDouble),
        Distributed = Value(p, Distributed),
        Shards = Value(p, Shards),
    };

    // A command that leaves an option out (sweep has no --resume, and its own list-valued --lr) still gets the
    // option's default, so both commands read settings the one way.
    private static T Value<T>(ParseResult p, Option<T> option) =>
        p.GetResult(option) is not null ? p.GetValue(option)! : option.HasDefaultValue ? (T)option.GetDefaultValue()! : default!;

    private static ScheduleSpec? ParseSchedule(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return null;
        var spec = ScheduleSpec.TryParse(result.Tokens[^1].Value, out var error);
        if (spec is null) result.AddError(error!);
        return spec;
    }
}
