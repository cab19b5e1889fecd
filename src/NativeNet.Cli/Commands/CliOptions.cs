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

    /// <summary>A positive number that may be left out: absent is null, for the command's own default.</summary>
    public static Option<double?> OptionalPositive(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double? v) && v is double value && !(double.IsFinite(value) && value > 0))
                result.AddError($"{name} must be positive (got {value.ToString("R", CultureInfo.InvariantCulture)})");
        });
        return option;
    }

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

    /// <summary>
    /// <c>--threads</c> of a benchmark: 1 by default, so that its figures compare across machines and runs; the help
    /// states the rule that every command follows.
    /// </summary>
    public static Option<int> BenchmarkThreads(string description) =>
        PositiveInt("--threads", description + " Benchmarks default to 1 thread so their figures are comparable; training defaults to the processor count.", 1);

    /// <summary><c>--threads</c> of a training command: the processor count by default, to train as fast as the machine allows.</summary>
    public static Option<int> TrainingThreads(string description) =>
        PositiveInt("--threads", description + " Training defaults to the processor count; benchmarks to 1 thread.", Environment.ProcessorCount);

    public static Option<int> NonNegativeInt(string name, string description, int defaultValue) =>
        CheckedInt(name, description, defaultValue, v => v >= 0, "must be a non-negative integer");

    /// <summary>A positive integer that may be left out: absent is null, for the command's own default.</summary>
    public static Option<int?> OptionalPositiveInt(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out int? n) && n is int value && value < 1)
                result.AddError($"{name} must be a positive integer (got {value.ToString(CultureInfo.InvariantCulture)})");
        });
        return option;
    }

    public static Option<ulong> Seed(string description = "Seed of every random choice; the same seed gives the same numbers.") =>
        new("--seed") { Description = description, DefaultValueFactory = _ => 42UL };

    public static Option<bool> Json(string what) =>
        new("--json") { Description = $"Print {what} as one JSON object on the last line of output." };

    public static Option<string> OutDirectory(string defaultValue, string what)
    {
        var option = new Option<string>("--out") { Description = $"Directory for {what} (created if missing).", DefaultValueFactory = _ => defaultValue, HelpName = "DIR" };
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out string? path) && string.IsNullOrWhiteSpace(path)) result.AddError("--out must name a directory (got an empty path)");
        });
        return option;
    }

    /// <summary>
    /// Refuses values of <paramref name="option"/> beyond float's range: a run in float would turn them into infinity
    /// (float(1e300) = ∞) and train on nonsense.
    /// </summary>
    public static Option<double> FitsFloat(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out double v) && double.IsFinite(v) && Math.Abs(v) > float.MaxValue)
                result.AddError($"{option.Name} {v.ToString("R", CultureInfo.InvariantCulture)} is beyond the range of float32 training (at most {float.MaxValue.ToString("R", CultureInfo.InvariantCulture)})");
        });
        return option;
    }

    /// <summary>
    /// The help name of a list of choices, separated by " | ": help wraps only at spaces and otherwise cuts a long
    /// list such as the activations mid-word on a narrow terminal.
    /// </summary>
    public static string ChoicesHelpName(IEnumerable<string> choices) => string.Join(" | ", choices);

    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = ChoicesHelpName(choices) };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    /// <summary>
    /// A comma-separated list of numbers, e.g. <c>--start -1.5,2</c>, checked at parse time and read with
    /// <see cref="GetDoubles"/>. Lists are string options so that help shows their default as typed (256,128).
    /// </summary>
    /// <param name="count">The required number of items, or null for any.</param>
    public static Option<string> DoubleList(string name, string description, string? defaultValue, int? count = null, string helpName = "X,Y")
    {
        var option = new Option<string>(name) { Description = description, HelpName = helpName };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out string? text) && text is not null && ParseList<double>(text, name, count, TryParseFinite, "a finite number", out _) is string error)
                result.AddError(error);
        });
        return option;
    }

    /// <summary>A comma-separated list of positive integers, e.g. <c>--hidden 256,128</c>; read with <see cref="GetPositiveInts"/>.</summary>
    public static Option<string> PositiveIntList(string name, string description, string defaultValue, string helpName = "N,N,...")
    {
        var option = OptionalPositiveIntList(name, description, helpName);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A <see cref="PositiveIntList"/> that may be left out; read with <see cref="GetOptionalPositiveInts"/>.</summary>
    public static Option<string> OptionalPositiveIntList(string name, string description, string helpName = "N,N,...")
    {
        var option = new Option<string>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (TryGetValue(result, out string? text) && text is not null && ParseList<int>(text, name, null, TryParsePositiveInt, "a positive integer", out _) is string error)
                result.AddError(error);
        });
        return option;
    }

    /// <summary>The value of a <see cref="DoubleList"/> option, or null when it was not given and has no default.</summary>
    public static double[]? GetDoubles(ParseResult parse, Option<string> option) =>
        parse.GetValue(option) is string text ? Parsed<double>(text, option.Name, TryParseFinite) : null;

    /// <summary>The value of an <see cref="OptionalPositiveIntList"/> option, or null when it was left out.</summary>
    public static int[]? GetOptionalPositiveInts(ParseResult parse, Option<string> option) =>
        parse.GetValue(option) is string text ? Parsed<int>(text, option.Name, TryParsePositiveInt) : null;

    /// <summary>The value of a <see cref="PositiveIntList"/> option.</summary>
    public static int[] GetPositiveInts(ParseResult parse, Option<string> option) => PositiveInts(parse.GetValue(option), option.Name);

    /// <summary>The integers of a <see cref="PositiveIntList"/> option <paramref name="name"/>'s text.</summary>
    public static int[] PositiveInts(string? text, string name) => Parsed<int>(text ?? "", name, TryParsePositiveInt);

    private static bool TryParseFinite(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    private static bool TryParsePositiveInt(string s, out int v) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v) && v > 0;

    private static T[] Parsed<T>(string text, string name, TryParseItem<T> parse)
    {
        string? error = ParseList(text, name, null, parse, "valid", out var values);
        return error is null ? values! : throw new UsageException(error);
    }

    private delegate bool TryParseItem<T>(string text, out T value);

    private static string? ParseList<T>(string text, string name, int? count, TryParseItem<T> parse, string what, out T[]? values)
    {
        values = null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var parsed = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!parse(parts[i], out parsed[i]))
                return $"{name} expects a comma-separated list where each item is {what} (got '{parts[i]}' in '{text}')";
        if (count is int n && parsed.Length != n)
            return $"{name} expects {n} comma-separated values (got {parsed.Length}: '{text}')";
        values = parsed;
        return null;
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

}
