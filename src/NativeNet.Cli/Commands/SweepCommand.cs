using System.CommandLine;
using NativeNet.Cli.Sweeps;

namespace NativeNet.Cli.Commands;

/// <summary>
/// <c>nativenet sweep</c>: one whole training run per combination of list-valued hyperparameters, spread over the
/// ranks under mpiexec (sequential otherwise), summarized in one table, CSV, JSON and plot.
/// </summary>
internal static class SweepCommand
{
    // train's options that do not apply to a grid of fresh runs: each run trains in one process into its own folder.
    private static readonly string[] NotSwept = ["--resume", "--distributed", "--shards", "--out", "--json", "--task"];

    /// <param name="handler">Runs the sweep; null leaves the command without a runner.</param>
    public static Command Create(Func<SweepSettings, int>? handler)
    {
        var train = new TrainOptions();
        var axes = SweepAxisCatalog.Registry.All.ToDictionary(axis => axis, ListOption);
        var output = CliOptions.OutDirectory("runs/sweep", "summary.csv, summary.json, the summary plot and one folder per run (run-000, …)");
        var json = CliOptions.Json("the summary (every run's values and accuracies)");
        var command = new Command("sweep",
            "Train once per combination of the list-valued options (e.g. --lr 1e-3,1e-2 --optimizer sgd,adam); under mpiexec the runs are spread over the ranks. " +
            "Every other option means what it means to train. Rank 0 writes summary.csv, summary.json and the accuracy plot; the results do not depend on the number of ranks.");
        foreach (var axis in SweepAxisCatalog.Registry.All) command.Options.Add(axes[axis]);
        foreach (var option in train.All)
            if (!NotSwept.Contains(option.Name) && !axes.Keys.Any(axis => axis.OptionName == option.Name)) command.Options.Add(option);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Validators.Add(train.Validate);
        if (handler is not null)
            command.SetAction(p =>
            {
                var lists = axes.Where(pair => p.GetResult(pair.Value) is { Implicit: false }).ToDictionary(pair => pair.Key, pair => SweepGrid.Items(p.GetValue(pair.Value)!));
                return handler(new SweepSettings
                {
                    Points = SweepGrid.Points(train.Read(p), lists),
                    Varied = [.. SweepAxisCatalog.Registry.All.Where(lists.ContainsKey)],
                    OutDirectory = p.GetValue(output)!,
                    Plots = !p.GetValue(train.NoPlots),
                    Json = p.GetValue(json),
                });
            });
        return command;
    }

    private static Option<string> ListOption(SweepAxis axis)
    {
        var option = new Option<string>(axis.OptionName)
        {
            Description = $"Comma-separated {axis.Description} to sweep, each as train's {axis.OptionName} takes it (default: train's one value).",
            HelpName = "X,Y,...",
        };
        option.Validators.Add(result =>
        {
            if (!CliOptions.TryGetValue(result, out string? text) || text is null) return;
            foreach (string item in SweepGrid.Items(text))
                if (SweepGrid.Check(axis, item) is string error)
                {
                    result.AddError($"{axis.OptionName} item '{item}': {error}");
                    return;
                }
        });
        return option;
    }
}
