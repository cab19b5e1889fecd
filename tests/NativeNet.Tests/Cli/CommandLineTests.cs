using System.CommandLine;
using NativeNet.Cli.Commands;

namespace NativeNet.Tests.Cli;

public class CommandLineTests
{
    [Theory]
    [InlineData(new string[] { "--help" }, "playground")]
    [InlineData(new string[] { "train", "--help" }, "--batch-size")]
    [InlineData(new string[] { "eval", "--help" }, "CHECKPOINT")]
    [InlineData(new string[] { "playground", "--help" }, "--objective")]
    [InlineData(new string[] { "experiment", "--help" }, "vanishing-gradients")]
    [InlineData(new string[] { "gradcheck", "--help" }, "--tol")]
    [InlineData(new string[] { "bench", "--help" }, "gemm")]
    [InlineData(new string[] { "bench", "gemm", "--help" }, "--sizes")]
    [InlineData(new string[] { "bench", "train", "--help" }, "--workload")]
    public void HelpEverywhere(string[] args, string expected)
    {
        var run = CliInvocation.Run(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Out);
        Assert.Contains("  nativenet", run.Out);
        Assert.Contains(expected, run.Out);
        Assert.DoesNotContain("|128]", run.Out);
        Assert.Equal("", run.Error);
        Assert.DoesNotContain('\u001b', run.Out);
    }

    [Fact]
    public void BenchmarksDefaultToOneThreadAndTrainingToTheProcessorCount()
    {
        NativeNet.Cli.Bench.GemmBenchOptions? gemm = null;
        NativeNet.Cli.Bench.TrainBenchOptions? train = null;
        NativeNet.Cli.Bench.InferBenchOptions? infer = null;
        var bench = BenchCommand.Create(s => { gemm = s; return 0; }, s => { train = s; return 0; }, s => { infer = s; return 0; });
        Assert.Equal(0, bench.Parse(["gemm"]).Invoke());
        Assert.Equal(0, bench.Parse(["train", "--workload", "mnist-small"]).Invoke());
        Assert.Equal(0, bench.Parse(["infer"]).Invoke());
        Assert.Equal((1, 1, 1), (gemm!.Threads, train!.Threads, infer!.Threads));
        Assert.Contains("Training defaults to the processor count", CliInvocation.Run("train", "--help").Out);
        foreach (string command in new[] { "gemm", "train", "infer" })
            Assert.Contains("Benchmarks default to 1 thread", CliInvocation.Run("bench", command, "--help").Out);
    }

    [Fact]
    public void HelpNamesBreakBetweenWordsOnANarrowTerminal()
    {
        // Help wraps only at spaces and cuts any longer run mid-word; at 80 columns its first column is about 38 wide.
        var root = CommandTree.Build(new NativeNet.Cli.Console.CliContext(new StringWriter(), new StringWriter(), interactive: false));
        var commands = new Stack<Command>([root]);
        while (commands.TryPop(out Command? command))
        {
            foreach (Command sub in command.Subcommands) commands.Push(sub);
            IEnumerable<(string Name, string? HelpName, string? Description)> symbols =
                command.Options.Select(o => (o.Name, o.HelpName, o.Description))
                    .Concat(command.Arguments.Select(a => (a.Name, a.HelpName, a.Description)))
                    .Append((command.Name, null, command.Description));
            foreach (var (name, helpName, description) in symbols)
                foreach (string word in $"{name} <{helpName}> {description}".Split(' '))
                    Assert.True(word.Length <= 36, $"{command.Name} {name}: '{word}' cannot wrap");
        }
        Assert.DoesNotContain("issue", CliInvocation.Run("train", "--help").Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TrainHelpListsEveryOptionOfTheIssue()
    {
        var run = CliInvocation.Run("train", "--help");
        foreach (var option in new[] { "--data", "--hidden", "--activation", "--norm", "--dropout", "--init", "--optimizer", "--lr", "--lr-decay",
                     "--weight-decay", "--epochs", "--batch-size", "--seed", "--threads", "--out", "--resume", "--json", "--drop-last", "--train-subset", "--restore-best",
                     "--l2", "--l2-convention", "--l1", "--weight-decay-mode" })
            Assert.Contains(option, run.Out);
        Assert.Contains("cifar100:DIR[:coarse]", run.Out);
        Assert.Contains("csv:FILE[:label-column]", run.Out);
        Assert.Contains("binary, python or matlab version", run.Out);
        Assert.Contains("[default: 256,128]", run.Out);
    }

    [Theory]
    [InlineData(new string[] { "frobnicate" }, "frobnicate")]
    [InlineData(new string[] { "bench" }, "'nativenet bench' needs a command: gemm, train")]
    [InlineData(new string[0], "'nativenet' needs a command: train, sweep, eval, predict, export, playground, experiment, gradcheck, bench")]
    [InlineData(new string[] { "train", "--lr", "0" }, "--lr must be positive (got 0)")]
    [InlineData(new string[] { "train", "--hidden", "256,0" }, "--hidden expects a comma-separated list where each item is a positive integer (got '0' in '256,0')")]
    [InlineData(new string[] { "train", "--data", "cifar10" }, "--data cifar10 needs a directory: cifar10:DIR")]
    [InlineData(new string[] { "train", "--data", "imagenet:/x" }, "--data 'imagenet:/x' is not one of")]
    [InlineData(new string[] { "train", "--data", "imagenet:/x" }, "| csv:FILE[:label-column] (")]
    [InlineData(new string[] { "train", "--data", "csv" }, "--data csv needs a file: csv:FILE[:label-column]")]
    [InlineData(new string[] { "train", "--data", "csv::2" }, "--data csv needs a file: csv:FILE[:label-column]")]
    [InlineData(new string[] { "train", "--data", "digits:/x" }, "--data 'digits:/x' is not one of")]
    [InlineData(new string[] { "train", "--dropout", "1" }, "--dropout must lie in [0, 1) (got 1)")]
    [InlineData(new string[] { "train", "--norm", "group" }, "--norm: unknown normalization 'group'; choose one of none, batch, layer")]
    [InlineData(new string[] { "train", "--norm", "btach" }, "--norm: unknown normalization 'btach' (did you mean 'batch'?); choose one of none, batch, layer")]
    [InlineData(new string[] { "train", "--optimizer", "adma" }, "--optimizer: unknown optimizer 'adma' (did you mean 'adam'?); choose one of sgd, momentum")]
    [InlineData(new string[] { "train", "--data", "digts" }, "--data 'digts' (did you mean 'digits'?) is not one of")]
    [InlineData(new string[] { "train", "--epochs", "x" }, "Cannot parse argument 'x' for option '--epochs'")]
    [InlineData(new string[] { "train", "--lr-decay", "1.5" }, "--lr-decay must lie in (0, 1] (got 1.5)")]
    [InlineData(new string[] { "experiment", "dropout" }, "unknown experiment 'dropout'; choose one of batchnorm, init")]
    [InlineData(new string[] { "experiment", "lr-sweeps" }, "unknown experiment 'lr-sweeps' (did you mean 'lr-sweep'?)")]
    [InlineData(new string[] { "experiment", "lr-sweep", "--lr", "0.1" }, "experiment lr-sweep compares --lr itself; leave out --lr")]
    [InlineData(new string[] { "experiment", "init", "--lr", "0" }, "--lr must be positive (got 0)")]
    [InlineData(new string[] { "experiment", "init", "--hidden", "8,0" }, "--hidden expects a comma-separated list where each item is a positive integer (got '0' in '8,0')")]
    [InlineData(new string[] { "experiment", "init", "--norm", "layr" }, "--norm: unknown normalization 'layr' (did you mean 'layer'?)")]
    [InlineData(new string[] { "experiment" }, "'nativenet experiment' needs NAME")]
    [InlineData(new string[] { "experiment", "batch-size", "--seeds", "0" }, "--seeds must be a positive integer (got 0)")]
    [InlineData(new string[] { "experiment", "batch-size", "--tolerance", "-0.1" }, "--tolerance must be non-negative (got -0.1)")]
    [InlineData(new string[] { "experiment", "overfit", "--samples", "0" }, "--samples must be a positive integer (got 0)")]
    [InlineData(new string[] { "experiment", "overfit", "--epochs", "0" }, "--epochs must be a positive integer (got 0)")]
    [InlineData(new string[] { "bench", "gemm", "--sizes", "256,0" }, "--sizes: '0' is neither a positive size nor MxKxN")]
    [InlineData(new string[] { "gradcheck", "--tol", "-1" }, "--tol must be positive (got -1)")]
    [InlineData(new string[] { "train", "--activation", "softsign" }, "--activation 'softsign'")]
    [InlineData(new string[] { "train", "--activation", "linear" }, "--activation 'linear' is not one of ")]
    [InlineData(new string[] { "train", "--activation", "sigmiod" }, "--activation 'sigmiod' (did you mean 'sigmoid'?) is not one of ")]
    [InlineData(new string[] { "train", "--init", "orthogonal" }, "--init: unknown initialization 'orthogonal'; choose one of he, xavier")]
    [InlineData(new string[] { "train", "--weight-scale", "-0.1" }, "--weight-scale must be non-negative (got -0.1)")]
    [InlineData(new string[] { "train", "--validation", "-1" }, "--validation must be a non-negative integer (got -1)")]
    [InlineData(new string[] { "train", "--train-subset", "0" }, "--train-subset must be a positive integer (got 0)")]
    [InlineData(new string[] { "train", "--train-subset", "many" }, "Cannot parse argument 'many' for option '--train-subset'")]
    [InlineData(new string[] { "train", "--restore-best", "maybe" }, "'maybe'")]
    [InlineData(new string[] { "train", "--drop-last", "yes" }, "'yes'")]
    [InlineData(new string[] { "train", "--classes", "0" }, "--classes must be a positive integer (got 0)")]
    [InlineData(new string[] { "train", "--l2", "-1" }, "--l2 must be non-negative (got -1)")]
    [InlineData(new string[] { "train", "--l2", "NaN" }, "--l2 must be non-negative (got NaN)")]
    [InlineData(new string[] { "train", "--l1", "-0.5" }, "--l1 must be non-negative (got -0.5)")]
    [InlineData(new string[] { "train", "--l1", "1e300" }, "--l1 1E+300 is beyond the range of float32 training")]
    [InlineData(new string[] { "train", "--l2-convention", "third" }, "--l2-convention: unknown L2 convention 'third'; choose one of half, full")]
    [InlineData(new string[] { "train", "--weight-decay-mode", "sometimes" }, "--weight-decay-mode: unknown weight decay mode 'sometimes'; choose one of coupled, decoupled, unscaled")]
    [InlineData(new string[] { "train", "--weight-decay", "-0.1" }, "--weight-decay must be non-negative (got -0.1)")]
    public void UsageErrorsAreOneLineWithExitCode2(string[] args, string expected)
    {
        var run = CliInvocation.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.ErrorLines[0]);
        Assert.Contains(expected, run.ErrorLines[0]);
        Assert.Contains("--help' for usage", run.ErrorLines[^1]);
        Assert.True(run.ErrorLines.Length == 2, run.Error);
    }

    [Fact]
    public void RuntimeFailuresAreOneLineWithExitCode1()
    {
        // --out names an existing file, so the output directory cannot be created.
        using var dir = new TempDirectory();
        string file = dir.File("not-a-directory");
        File.WriteAllText(file, "x");
        var run = CliInvocation.Run("playground", "--steps", "3", "--out", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", run.ErrorLines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void TrainBindsEveryOption()
    {
        TrainSettings? bound = null;
        var command = TrainCommand.Create(s => { bound = s; return 0; });
        int code = command.Parse([
            "--data", "cifar100:/data/c100:coarse", "--hidden", "64,32,16", "--activation", "tanh", "--norm", "batch", "--dropout", "0.25",
            "--init", "xavier", "--optimizer", "nesterov", "--lr", "0.05", "--momentum", "0.8", "--lr-decay", "0.95", "--weight-decay", "1e-4",
            "--epochs", "3", "--batch-size", "64", "--seed", "9", "--threads", "2", "--out", "/tmp/x", "--resume", "/tmp/old", "--json",
            "--weight-scale", "0.05", "--validation", "0", "--drop-last", "--train-subset", "500", "--restore-best", "false",
        ]).Invoke();
        Assert.Equal(0, code);
        Assert.NotNull(bound);
        Assert.Equal(new DataSpec("cifar100", "/data/c100", true), bound.Data);
        Assert.Equal([64, 32, 16], bound.Hidden);
        Assert.Equal(("tanh", "batch", 0.25, "xavier", "nesterov"), (bound.Activation, bound.Norm, bound.Dropout, bound.Init, bound.Optimizer));
        Assert.Equal((0.05, (double?)0.8, 0.95, 1e-4), (bound.LearningRate, bound.Momentum, bound.LearningRateDecay, bound.WeightDecay));
        Assert.Equal((3, 64, 9UL, 2, "/tmp/x", "/tmp/old", true), (bound.Epochs, bound.BatchSize, bound.Seed, bound.Threads, bound.OutDirectory, bound.Resume, bound.Json));
        Assert.Equal(0.05, bound.WeightScale);
        Assert.Equal(0, bound.Validation);
        Assert.Equal((true, (int?)500, false), (bound.DropLast, bound.TrainSubset, bound.RestoreBest));
    }

    [Fact]
    public void TrainBindsTheRegularizationOptions()
    {
        TrainSettings? bound = null;
        var command = TrainCommand.Create(s => { bound = s; return 0; });
        Assert.Equal(0, command.Parse(["--l2", "0.01", "--l2-convention", "full", "--l1", "1e-4", "--weight-decay", "0.02", "--weight-decay-mode", "unscaled"]).Invoke());
        Assert.NotNull(bound);
        Assert.Equal((0.01, "full", 1e-4, 0.02, "unscaled"), (bound.L2, bound.L2Convention, bound.L1, bound.WeightDecay, bound.WeightDecayMode));

        Assert.Equal(0, command.Parse([]).Invoke());
        Assert.Equal((0.0, "half", 0.0, 0.0, (string?)null), (bound.L2, bound.L2Convention, bound.L1, bound.WeightDecay, bound.WeightDecayMode));
    }

    [Theory]
    [InlineData("csv:/data/iris.csv", "csv", "/data/iris.csv", false, null)]
    [InlineData("csv:/data/iris.csv:0", "csv", "/data/iris.csv", false, 0)]
    [InlineData("csv:/data/iris.csv:-2", "csv", "/data/iris.csv", false, -2)]
    [InlineData("csv:C:/data/iris.csv:4", "csv", "C:/data/iris.csv", false, 4)]
    [InlineData("cifar100:/data/c100:coarse", "cifar100", "/data/c100", true, null)]
    [InlineData("cifar10:/data/c10", "cifar10", "/data/c10", false, null)]
    [InlineData("fashion-mnist", "fashion-mnist", null, false, null)]
    public void DataSpecsParseAndPrintTheSameText(string text, string kind, string? location, bool coarse, int? labelColumn)
    {
        var spec = DataSpec.TryParse(text, out var error);
        Assert.Null(error);
        Assert.Equal(new DataSpec(kind, location, coarse, labelColumn), spec);
        Assert.Equal(text, spec!.ToString());
        Assert.Contains(spec.Source.Syntax, DataSpec.HelpText);
    }

    [Fact]
    public void TrainDefaultsAreTheEmbeddedDigits()
    {
        TrainSettings? bound = null;
        Assert.Equal(0, TrainCommand.Create(s => { bound = s; return 0; }).Parse([]).Invoke());
        Assert.Equal(new DataSpec("digits", null, false), bound!.Data);
        Assert.Equal([256, 128], bound.Hidden);
        Assert.False(bound.Json);
        Assert.True(bound.Plots);
        Assert.Null(bound.Momentum);
        Assert.Null(bound.Validation);
        Assert.Equal((false, (int?)null), (bound.DropLast, bound.TrainSubset));
        Assert.Equal(new NativeNet.Training.SolverOptions().RestoreBestParameters, bound.RestoreBest);
        Assert.True(bound.RestoreBest);
    }

    [Fact]
    public void OtherCommandsBindTheirOptions()
    {
        EvalSettings? eval = null;
        Assert.Equal(0, EvalCommand.Create(s => { eval = s; return 0; }).Parse(["run/model.nnc", "--data", "fashion-mnist", "--json"]).Invoke());
        Assert.Equal(new EvalSettings("run/model.nnc", new DataSpec("fashion-mnist", null, false), 1000, true), eval);

        ExperimentSettings? experiment = null;
        Assert.Equal(0, ExperimentCommand.Create(s => { experiment = s; return 0; }).Parse(["lr-sweep", "--epochs", "2", "--seed", "5", "--out", "o"]).Invoke());
        Assert.Equal(new ExperimentSettings { Name = "lr-sweep", OutDirectory = "o", Seed = 5, Epochs = 2, Seeds = 1 }, experiment);
        Assert.Equal(0, ExperimentCommand.Create(s => { experiment = s; return 0; }).Parse(["init"]).Invoke());
        Assert.Equal(10, experiment!.Epochs);
        Assert.Equal(0, ExperimentCommand.Create(s => { experiment = s; return 0; }).Parse(["overfit"]).Invoke());
        Assert.Equal(new ExperimentSettings { Name = "overfit", Epochs = 100, Seeds = 1, Samples = 50, Tolerance = 0.01 }, experiment);
        Assert.Equal(0, ExperimentCommand.Create(s => { experiment = s; return 0; }).Parse(["batch-size", "--seeds", "2", "--tolerance", "0.05", "--epochs", "3"]).Invoke());
        Assert.Equal(new ExperimentSettings { Name = "batch-size", Epochs = 3, Seeds = 2, Tolerance = 0.05 }, experiment);
        Assert.Equal(0, ExperimentCommand.Create(s => { experiment = s; return 0; }).Parse(["batch-size"]).Invoke());
        Assert.Equal(3, experiment!.Seeds);
        Assert.Equal(0, ExperimentCommand.Create(s => { experiment = s; return 0; })
            .Parse(["init", "--data", "fashion-mnist", "--hidden", "32,16", "--norm", "layer", "--optimizer", "sgd", "--lr", "0.1", "--batch-size", "32", "--seeds", "4"]).Invoke());
        Assert.Equal((new DataSpec("fashion-mnist", null, false), "layer", "sgd", 0.1, 32, 4), (experiment!.Data, experiment.Norm, experiment.Optimizer, experiment.LearningRate, experiment.BatchSize, experiment.Seeds));
        Assert.Equal([32, 16], experiment.Hidden);
        Assert.Equal("--hidden 32,16 --norm layer --optimizer sgd --lr 0.1 --batch-size 32", experiment.Overrides);

        GradcheckSettings? grad = null;
        Assert.Equal(0, GradcheckCommand.Create(s => { grad = s; return 0; }).Parse(["--layer", "dense,relu", "--layer", "batchnorm"]).Invoke());
        Assert.Equal(["dense", "relu", "batchnorm"], grad!.Layers);
        Assert.Null(grad.Tolerance);

        NativeNet.Cli.Bench.GemmBenchOptions? gemm = null;
        NativeNet.Cli.Bench.TrainBenchOptions? train = null;
        var bench = BenchCommand.Create(s => { gemm = s; return 0; }, s => { train = s; return 0; });
        Assert.Equal(0, bench.Parse(["gemm", "--sizes", "64,100x30x50", "--double", "--tb", "--threads", "1"]).Invoke());
        Assert.Equal([(64, 64, 64), (100, 30, 50)], gemm!.Shapes);
        Assert.Equal((true, false, true, 1, false), (gemm.Double, gemm.TransposeA, gemm.TransposeB, gemm.Threads, gemm.Json));
        Assert.Equal(0, bench.Parse(["train", "--workload", "mnist-small", "--threads", "2", "--seconds", "0.5", "--json"]).Invoke());
        Assert.Equal(new NativeNet.Cli.Bench.TrainBenchOptions("mnist-small", 2, 0.5, true), train);
        Assert.Equal(0, bench.Parse(["train"]).Invoke());
        Assert.Equal(new NativeNet.Cli.Bench.TrainBenchOptions("cifar-bn", 1, 3, false), train);
    }
}
