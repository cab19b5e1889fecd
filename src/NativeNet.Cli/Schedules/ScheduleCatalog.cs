using System.Text;
using NativeNet.Cli.Registries;
using NativeNet.Schedules;

namespace NativeNet.Cli.Schedules;

/// <summary>
/// The <c>--schedule</c> kinds: the one list from which the parser, its errors, the help text and the table in
/// docs/cli.md are made.
/// </summary>
internal static class ScheduleCatalog
{
    /// <summary>Every kind, in the order help and docs list them.</summary>
    public static Registry<ScheduleKind> Registry { get; } = new("schedule",
    [
        new("constant", "The base rate --lr throughout.", [], null, (_, _) => new ConstantSchedule()),
        new("step", "Multiplied by gamma every size epochs (PyTorch's StepLR).",
            [ScheduleParameter.Count("size", 1, "epochs between decays"), ScheduleParameter.Factor("gamma", 0.1, "factor per decay")], null,
            (p, run) => new StepDecaySchedule(Iterations((int)p["size"], run), p["gamma"])),
        new("multiplicative", "Multiplied by factor after every epoch (the classic lr_decay; --lr-decay X is multiplicative:factor=X).",
            [new ScheduleParameter("factor", 0.95, "factor per epoch", "a number in (0, 1]", v => v > 0 && v <= 1)], null,
            (p, run) => new ExponentialDecaySchedule(p["factor"], run.BatchesPerEpoch, staircase: true)),
        new("exponential", "Multiplied by gamma every steps iterations, smoothly in between (optax's exponential_decay).",
            [ScheduleParameter.Factor("gamma", 0.999, "factor per steps iterations"), ScheduleParameter.Count("steps", 1, "iterations per factor gamma")], null,
            (p, run) => new ExponentialDecaySchedule(p["gamma"], (int)p["steps"])),
        new("cosine", "Half a cosine from the base rate down to min over steps iterations, then min (CosineAnnealingLR).",
            [new ScheduleParameter("min", 0, "final rate", "a finite non-negative number", v => double.IsFinite(v) && v >= 0),
             ScheduleParameter.Count("steps", null, "iterations of the decay")], "steps",
            (p, run) => new CosineAnnealingSchedule((int)p["steps"], p["min"])),
        new("warmup", "A linear ramp from start × the base rate up to the base rate over steps iterations, then the base rate (follow it with '+').",
            [ScheduleParameter.Count("steps", 100, "iterations of the ramp"),
             new ScheduleParameter("start", 0, "fraction of the base rate at iteration 0", "a number in [0, 1]", v => v >= 0 && v <= 1)], "steps",
            (p, run) => new LinearWarmupSchedule((int)p["steps"], p["start"])),
    ]);

    /// <summary>Every kind, in the order help and docs list them.</summary>
    public static IReadOnlyList<ScheduleKind> All => Registry.All;

    /// <summary>The kind named <paramref name="name"/>, or null.</summary>
    public static ScheduleKind? Find(string name) => Registry.Find(name);

    /// <summary>The kinds' names, comma-separated.</summary>
    public static string Names => string.Join(", ", Registry.Names);

    /// <summary>The description of <c>--schedule</c> for the help text.</summary>
    public static string HelpText =>
        "Learning-rate schedule: KIND[:NAME=VALUE,...], several joined with '+' (each after a warmup or cosine:steps=N starts from its own iteration 0), " +
        "e.g. warmup:steps=100+cosine. Kinds: " + string.Join(" | ", All.Select(kind => kind.Syntax)) + ". size counts epochs, steps count iterations; " +
        "see docs/cli.md.";

    /// <summary>The Markdown table of the kinds that docs/cli.md holds.</summary>
    public static string MarkdownTable()
    {
        var text = new StringBuilder();
        text.Append("| kind | rate | parameters (default) |\n|---|---|---|\n");
        foreach (var kind in All)
        {
            string parameters = kind.Parameters.Count == 0 ? "—" : string.Join("; ", kind.Parameters.Select(p => $"`{p.Name}`: {p.Meaning} ({p.DefaultText})"));
            text.Append($"| `{kind.Name}` | {kind.Description} | {parameters} |\n");
        }
        return text.ToString();
    }

    private static int Iterations(int epochs, ScheduleRun run) => (int)Math.Min(int.MaxValue, (long)epochs * run.BatchesPerEpoch);
}
