using System.Text;
using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Experiments;

/// <summary>
/// The studies of <c>nativenet experiment NAME</c>: the one list from which the accepted names, the help text, the
/// "did you mean" error, the per-study defaults and the table in docs/cli.md are made. A new study is one entry here
/// and its method on <see cref="Study"/>.
/// </summary>
internal static class ExperimentCatalog
{
    public static Registry<ExperimentKind> Registry { get; } = new("experiment",
    [
        new()
        {
            Name = "batchnorm", Description = "with vs without batch normalization", Run = s => s.BatchNorm(), Compares = ["--norm", "--lr"],
            Runs = "5×64 ReLU, SGD, with and without batch normalization, lr 0.01 and 0.5", Plots = "loss, validation-accuracy",
        },
        new()
        {
            Name = "init", Description = "initializations compared", Run = s => s.Init(),
            Runs = "6×64 ReLU, momentum lr 0.02, zero / normal(0.01) / He",
            Plots = "grad-norm (log10 of the mean over affine layers of each layer's gradient norm, per iteration), loss, validation-accuracy",
        },
        new()
        {
            Name = "optimizers", Description = "every rule on one network", Run = s => s.Optimizers(), Compares = ["--optimizer", "--lr"],
            Runs = "2×64 ReLU: sgd 0.05, momentum 0.02, nesterov 0.02, rmsprop 1e-3, adam 1e-3", Plots = "loss, validation-accuracy",
        },
        new()
        {
            Name = "vanishing-gradients", Description = "per-layer gradient norms, sigmoid vs relu", Run = s => s.VanishingGradients(),
            Runs = "10 affine layers (9×64), SGD lr 0.1, sigmoid (Xavier) vs ReLU (He)",
            Plots = "gradient-ratio (log10 of the epoch mean of ‖∂L/∂W₁‖/‖∂L/∂W₁₀‖), layer-grad-norm, loss, validation-accuracy",
        },
        new()
        {
            Name = "lr-sweep", Description = "final accuracy against learning rate", Run = s => s.LearningRateSweep(), Compares = ["--lr"],
            Runs = "2×64 ReLU, momentum 0.9, lr 1e-4 … 3", Plots = "accuracy-vs-lr, loss-vs-lr",
        },
        new()
        {
            Name = "regularization", Run = s => s.Regularization(), Compares = ["--optimizer", "--lr"],
            Description = "SGD with weight decay, L1 or L2, whose weight decay and ½-convention L2 give identical parameters; Adam with coupled decay or L2 against AdamW",
            Runs = "2×64 ReLU: sgd 0.05 plain, + weight decay 0.01, + L1 0.001, + L2 0.01 (half); adam 1e-3 + weight decay 0.01 (coupled), + L2 0.01 (half), adamw 0.01",
            Plots = "sgd-loss, sgd-train-accuracy, sgd-validation-accuracy and the same three for adam; the loss plots show the data loss without the penalty",
        },
        new()
        {
            Name = "overfit", Description = "a small MLP driven to 100 % training accuracy on a tiny subset, the classic sanity check", Run = s => s.Overfit(), DefaultEpochs = 100,
            Runs = "the first `--samples` (50) training samples, 1×128 ReLU, Adam lr 0.01, minibatches of 10",
            Plots = "loss, accuracy (training subset and validation)",
        },
        new()
        {
            Name = "batch-size", Description = "batch size 16, 64, 256 × momentum 0 and 0.9 over --seeds seeds", Run = s => s.BatchSizeAndMomentum(),
            DefaultSeeds = 3, RunsSeedsItself = true, Compares = ["--batch-size", "--optimizer"],
            Runs = "1×64 ReLU, SGD lr 0.02 with momentum 0 and 0.9, minibatches of 16, 64 and 256, each with `--seeds` (3) seeds `--seed`, `--seed`+1, …",
            Plots = "loss (epoch mean of the minibatch loss), train-accuracy: the mean over seeds with a min/max band",
        },
    ]);

    /// <summary>The Markdown table of the studies that docs/cli.md holds.</summary>
    public static string MarkdownTable()
    {
        var text = new StringBuilder("| NAME | runs | plots | compares (refuses) | defaults |\n|---|---|---|---|---|\n");
        foreach (var kind in Registry.All)
        {
            string compares = kind.Compares.Count == 0 ? "—" : string.Join(", ", kind.Compares.Select(o => $"`{o}`"));
            text.Append($"| `{kind.Name}` | {kind.Runs} | {kind.Plots} | {compares} | `--epochs {kind.DefaultEpochs} --seeds {kind.DefaultSeeds}` |\n");
        }
        return text.ToString();
    }
}
