using System.Globalization;

namespace NativeNet.Cli.Schedules;

/// <summary>One <c>NAME=VALUE</c> parameter of a <c>--schedule</c> kind.</summary>
/// <param name="Name">The name before '='.</param>
/// <param name="Default">The value when left out; null means "the rest of the run" (only for lengths).</param>
/// <param name="Meaning">What the value is, with its unit, for the help text and the docs.</param>
/// <param name="Requirement">What a valid value is, e.g. "a positive integer", for the error message.</param>
/// <param name="IsValid">Whether a parsed value meets <paramref name="Requirement"/>.</param>
/// <param name="IsInteger">Whether the value must be written as a whole number.</param>
internal sealed record ScheduleParameter(string Name, double? Default, string Meaning, string Requirement, Func<double, bool> IsValid, bool IsInteger = false)
{
    /// <summary>A count of epochs or iterations, at least 1.</summary>
    public static ScheduleParameter Count(string name, int? defaultValue, string meaning) =>
        new(name, defaultValue, meaning, "a positive integer", v => v >= 1 && v <= int.MaxValue, IsInteger: true);

    /// <summary>A finite factor above 0.</summary>
    public static ScheduleParameter Factor(string name, double defaultValue, string meaning) =>
        new(name, defaultValue, meaning, "a finite positive number", v => double.IsFinite(v) && v > 0);

    /// <summary>The default as the docs show it: the number, or "rest of run".</summary>
    public string DefaultText => Default is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "rest of run";

    /// <summary>Parses <paramref name="text"/> as this parameter's value, or returns null when it is not a valid one.</summary>
    public double? TryParse(string text)
    {
        if (IsInteger)
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && IsValid(n) ? n : null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && IsValid(v) ? v : null;
    }
}
