using System.CommandLine;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet gradcheck</c>: the numerical gradient check of every registered layer, in double.</summary>
internal static class GradcheckCommand
{
    /// <param name="handler">Runs the checks; null leaves the command without a runner.</param>
    public static Command Create(Func<GradcheckSettings, int>? handler)
    {
        var layers = new Option<string[]>("--layer") { Description = "Check only these layers (by name; repeat or comma-separate). Default: all registered.", HelpName = "NAME", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var tolerance = new Option<double?>("--tol") { Description = "Largest accepted relative error (default: each layer's declared bound, 1e-7 unless the layer raises it)." };
        tolerance.Validators.Add(r =>
        {
            if (CliOptions.TryGetValue(r, out double? v) && v is double t && !(double.IsFinite(t) && t > 0))
                r.AddError($"--tol must be positive (got {t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
        });
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the inputs, upstream gradients and random layer parameters (default: each layer's recorded seed, as in its generated test)." };
        var json = CliOptions.Json("each layer's relative errors");
        var command = new Command("gradcheck", "Compare every registered layer's backward pass with central differences (double precision); non-zero exit if any exceeds --tol.") { layers, tolerance, seed, json };
        if (handler is not null)
            command.SetAction(p => handler(new GradcheckSettings(
                p.GetValue(layers)!.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
                p.GetValue(tolerance), p.GetValue(seed), p.GetValue(json))));
        return command;
    }
}
