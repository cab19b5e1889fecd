using System.CommandLine;
using System.Globalization;
using NativeNet.Cli.Console;
using NativeNet.Cli.Optimizers;
using NativeNet.Cli.Playground;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet playground</c>: a library optimizer on an analytic objective, with trajectory CSV and plots.</summary>
internal static class PlaygroundCommand
{
    public static Command Create(CliContext context)
    {
        var objective = ObjectiveCatalog.Registry.Option("--objective", "Objective to minimize: " + ObjectiveCatalog.Registry.HelpText, "rosenbrock");
        var optimizers = new Option<string[]>("--optimizer")
        {
            Description = "Optimizer, or a comma-separated list to compare on one plot: " + OptimizerCatalog.Registry.HelpText,
            HelpName = "NAME[,NAME...]",
            DefaultValueFactory = _ => ["sgd"],
            CustomParser = result =>
            {
                var names = string.Join(',', result.Tokens.Select(t => t.Value)).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                foreach (var name in names)
                    if (OptimizerCatalog.Registry.Find(name) is null) result.AddError("--optimizer: " + OptimizerCatalog.Registry.Unknown(name));
                if (names.Length == 0) result.AddError("--optimizer needs at least one name");
                return names;
            },
        };
        var lr = CliOptions.DoubleList("--lr", "Learning rate η, or a comma-separated list: one run per value, overlaid in the same plots.", "1e-3", helpName: "LR[,LR...]");
        lr.Validators.Add(r =>
        {
            if (CliOptions.TryGetValue(r, out string? text) && text is not null
                && text.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !(v > 0)) is string bad)
                r.AddError($"--lr must be positive (got {bad})");
        });
        var momentum = CliOptions.Momentum();
        var beta2 = CliOptions.UnitInterval("--beta2", "β₂ of adam/adamw, the decay of the squared-gradient average (ignored by the other rules).", 0.999);
        var epsInsideSqrt = new Option<bool>("--eps-inside-sqrt") { Description = "adam/adamw divide by √(v̂ + ε) instead of √v̂ + ε (ignored by the other rules)." };
        var weightDecay = CliOptions.NonNegative("--weight-decay", "Weight decay λ (coupled L2, decoupled for adamw).", 0);
        var inverseTimeDecay = CliOptions.NonNegative("--inverse-time-decay", "Inverse-time decay δ: step k uses η / (1 + δ(k−1)).", 0);
        // train's --lr-decay is a per-epoch factor; accepting the name here with another meaning would mislead.
        var lrDecay = new Option<string>("--lr-decay") { Hidden = true };
        lrDecay.Validators.Add(r => r.AddError("--lr-decay is train's per-epoch factor; playground decays per step with --inverse-time-decay δ (η / (1 + δ(k−1)))"));
        var steps = CliOptions.NonNegativeInt("--steps", $"Number of optimizer steps (beyond {PlaygroundRunner.MaxRecords} the CSV keeps every k-th step).", 1000);
        var start = CliOptions.DoubleList("--start", "Start point (default: the objective's own, e.g. -1.5,2 for rosenbrock).", null);
        var tolerance = CliOptions.NonNegative("--tol", "Error (distance to the nearest minimizer) that counts as converged.", 1e-6);
        var singular = CliOptions.DoubleList("--singular-values", "Diagonal of the 'diagonal' objective's Hessian, all positive.", "1,0.1", helpName: "S,S,...");
        singular.Validators.Add(r =>
        {
            if (CliOptions.TryGetValue(r, out string? text) && text is not null
                && text.Split(',').Any(s => double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out double v) && !(v > 0)))
                r.AddError($"--singular-values must all be positive (got {text})");
        });
        var samples = CliOptions.PositiveInt("--samples", "Number of data points x_i of the 'mean' objective.", 100);
        var dimension = CliOptions.PositiveInt("--dimension", "Dimension of the 'mean' objective.", 2);
        var data = ObjectiveCatalog.Distributions.Option("--data", "Distribution of the 'mean' objective's data: " + ObjectiveCatalog.Distributions.HelpText + ".", "uniform");
        var seed = CliOptions.Seed();
        var output = CliOptions.OutDirectory("runs/playground", "trajectory.csv, log-curves.csv and the plots");
        var noPlots = new Option<bool>("--no-plots") { Description = "Write the CSV only (no PNG/SVG)." };
        var json = CliOptions.Json("the results");

        var command = new Command("playground", "Run library optimizers on an analytic objective with exact gradients; writes the trajectory CSV, a contour plot with the trajectories, " +
            $"and log10 distance to the minimizer and log10 (f − f*) against step, whose axes stop at {LogScaleFloor.Relative.ToString("0e0", CultureInfo.InvariantCulture)} × the starting value.")
        {
            objective, optimizers, lr, momentum, beta2, epsInsideSqrt, weightDecay, inverseTimeDecay, lrDecay, steps, start, tolerance, singular, samples, dimension, data, seed,
            output, noPlots, json,
        };
        command.SetAction(parse => PlaygroundRunner.Run(context, new PlaygroundSettings
        {
            Objective = parse.GetValue(objective)!,
            Optimizers = parse.GetValue(optimizers)!,
            LearningRates = CliOptions.GetDoubles(parse, lr)!,
            Momentum = parse.GetValue(momentum),
            Beta2 = parse.GetValue(beta2),
            EpsilonInsideSqrt = parse.GetValue(epsInsideSqrt),
            WeightDecay = parse.GetValue(weightDecay),
            InverseTimeDecay = parse.GetValue(inverseTimeDecay),
            Steps = parse.GetValue(steps),
            Start = CliOptions.GetDoubles(parse, start),
            Tolerance = parse.GetValue(tolerance),
            Arguments = new ObjectiveArguments
            {
                SingularValues = CliOptions.GetDoubles(parse, singular)!,
                Samples = parse.GetValue(samples),
                Dimension = parse.GetValue(dimension),
                Seed = parse.GetValue(seed),
                Data = parse.GetValue(data)!,
            },
            OutDirectory = parse.GetValue(output)!,
            Plots = !parse.GetValue(noPlots),
            Json = parse.GetValue(json),
        }));
        return command;
    }
}
