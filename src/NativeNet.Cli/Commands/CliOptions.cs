using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NativeNet.Cli.Commands;

/// <summary>
/// Builds options with the validation every command shares, so a bad value fails at parse time with one line
/// naming the option and the value, e.g. <c>--lr must be positive (got -1)</c>.
/// </summary>
internal static class CliOptions
{
    public static Option<double> Positive(string name, string description, double defaultValue) =>
        Checked(name, description, defaultValue, v => double.IsFinite(v) && v > 0, "must be positive");

    public static Option<double> NonNegative(string name, string description, double defaultValue) =>
        Checked(name, description, defaultValue, v => double.IsFinite(v) && v >= 0, "must be non-negative");

    public static Option<double> UnitInterval(string name, string description, double defaultValue) =>
        Checked(name, description, defaultValue, v => v >= 0 && v < 1, "must lie in [0, 1)");

    /// <summary>μ (or β₁): optional; absent means each optimizer's own default.</summary>
    public static Option<double?> Momentum()
    {
        var option = new Option<double?>("--momentum") { Description = "μ for momentum/nesterov, momentum for rmsprop, β₁ for adam/adamw (default: each rule's own)." };
        option.Validators.Add(r =>
        {
            if (TryGetValue(r, out double? v) && v is double m && !(m >= 0 && m < 1))
                r.AddError($"--momentum must lie in [0, 1) (got {m.ToString("R", CultureInfo.InvariantCulture)})");
        });
        return option;
    }

    public static Option<int> PositiveInt(string name, string description, int defaultValue) =>
        CheckedInt(name, description, defaultValue, v => v > 0, "must be a positive integer");

    public static Option<int> NonNegativeInt(string name, string description, int defaultValue) =>
        CheckedInt(name, description, defaultValue, v => v >= 0, "must be a non-negative integer");

    public static Option<ulong> Seed(string description = "Seed of every random choice; the same seed gives the same numbers.") =>
        new("--seed") { Description = description, DefaultValueFactory = _ => 42UL };

    public static Option<bool> Json(string what) =>
        new("--json") { Description = $"Print {what} as one JSON object on the last line of output." };

    public static Option<string> OutDirectory(string defaultValue, string what) =>
        new("--out") { Description = $"Directory for {what} (created if missing).", DefaultValueFactory = _ => defaultValue, HelpName = "DIR" };

    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = string.Join('|', choices) };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    /// <summary>A comma-separated list of numbers, e.g. <c>--start -1.5,2</c>; <paramref name="count"/> fixes its length.</summary>
    public static Option<double[]> DoubleList(string name, string description, double[]? defaultValue, int? count = null, string helpName = "X,Y")
    {
        var option = new Option<double[]>(name)
        {
            Description = description,
            HelpName = helpName,
            // Called with no tokens when the option is absent: that means the default (null when there is none).
            CustomParser = result => result.Tokens.Count == 0
                ? (double[]?)defaultValue?.Clone()!
                : ParseList(result, count, static (string s, out double v) =>
                    double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v), "a finite number") ?? [],
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => (double[])defaultValue.Clone();
        return option;
    }

    /// <summary>A comma-separated list of positive integers, e.g. <c>--hidden 256,128</c>.</summary>
    public static Option<int[]> PositiveIntList(string name, string description, int[] defaultValue, string helpName = "N,N,...")
    {
        return new Option<int[]>(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => (int[])defaultValue.Clone(),
            CustomParser = result => result.Tokens.Count == 0
                ? (int[])defaultValue.Clone()
                : ParseList(result, null, static (string s, out int v) =>
                    int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v) && v > 0, "a positive integer") ?? [],
        };
    }

    private delegate bool TryParseItem<T>(string text, out T value);

    private static T[]? ParseList<T>(ArgumentResult result, int? count, TryParseItem<T> parse, string what)
    {
        string name = OptionName(result);
        string text = string.Join(',', result.Tokens.Select(t => t.Value));
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!parse(parts[i], out values[i]))
            {
                result.AddError($"{name} expects a comma-separated list where each item is {what} (got '{parts[i]}' in '{text}')");
                return null;
            }
        }
        if (count is int n && values.Length != n)
        {
            result.AddError($"{name} expects {n} comma-separated values (got {values.Length}: '{text}')");
            return null;
        }
        return values;
    }

    public static Option<double> Checked(string name, string description, double defaultValue, Func<double, bool> ok, string requirement)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (!TryGetValue(result, out double v)) return;
            if (!ok(v)) result.AddError($"{name} {requirement} (got {v.ToString("R", CultureInfo.InvariantCulture)})");
        });
        return option;
    }

    private static Option<int> CheckedInt(string name, string description, int defaultValue, Func<int, bool> ok, string requirement)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (!TryGetValue(result, out int v)) return;
            if (!ok(v)) result.AddError($"{name} {requirement} (got {v.ToString(CultureInfo.InvariantCulture)})");
        });
        return option;
    }

    // A value that failed to convert is already a parse error; validating it again would throw.
    public static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
