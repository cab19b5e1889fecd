using System.Globalization;
using NativeNet.Cli.Registries;
using NativeNet.Schedules;

namespace NativeNet.Cli.Schedules;

/// <summary>
/// A parsed <c>--schedule</c> value: one or more kinds of <see cref="ScheduleCatalog"/> with their parameter values,
/// joined with '+' (each kind but the last has a fixed length, after which the next starts from its own iteration 0).
/// </summary>
internal sealed class ScheduleSpec
{
    private readonly IReadOnlyList<(ScheduleKind Kind, IReadOnlyDictionary<string, double?> Values)> _segments;

    private ScheduleSpec(IReadOnlyList<(ScheduleKind, IReadOnlyDictionary<string, double?>)> segments) => _segments = segments;

    /// <summary>The spec of <c>--lr-decay <paramref name="factor"/></c>: <c>multiplicative:factor=X</c>.</summary>
    public static ScheduleSpec Multiplicative(double factor) =>
        new([(ScheduleCatalog.Find("multiplicative")!, new Dictionary<string, double?> { ["factor"] = factor })]);

    /// <summary>The names of the kinds, in order.</summary>
    public IReadOnlyList<string> Kinds => [.. _segments.Select(s => s.Kind.Name)];

    /// <summary>The spec with every parameter written out, e.g. <c>warmup:steps=100,start=0+cosine:min=0</c>.</summary>
    public override string ToString() => string.Join('+', _segments.Select(s => s.Kind.Parameters.Count == 0 ? s.Kind.Name
        : $"{s.Kind.Name}:{string.Join(',', s.Kind.Parameters.Where(p => s.Values[p.Name] is not null).Select(p => $"{p.Name}={s.Values[p.Name]!.Value.ToString("R", CultureInfo.InvariantCulture)}"))}"));

    /// <summary>
    /// The library schedule, counted in iterations, for <paramref name="run"/>. A length left as "rest of run" is the
    /// iterations that remain after the kinds before it (at least 1).
    /// </summary>
    public LearningRateSchedule Build(ScheduleRun run)
    {
        var schedules = new List<LearningRateSchedule>();
        var boundaries = new List<int>();
        int start = 0;
        foreach (var (kind, values) in _segments)
        {
            var resolved = new Dictionary<string, double>();
            foreach (var parameter in kind.Parameters)
                resolved[parameter.Name] = values[parameter.Name] ?? Math.Max(1, run.TotalIterations - start);
            if (schedules.Count > 0) boundaries.Add(start);
            schedules.Add(kind.Build(resolved, run));
            if (kind.LengthParameter is string length) start = (int)Math.Min(int.MaxValue, start + (long)resolved[length]);
        }
        return schedules.Count == 1 ? schedules[0] : new JoinedSchedule(schedules, boundaries);
    }

    /// <summary>Parses <paramref name="text"/>, or returns null with <paramref name="error"/>: one line naming --schedule and the bad part.</summary>
    public static ScheduleSpec? TryParse(string text, out string? error)
    {
        error = null;
        var segments = new List<(ScheduleKind, IReadOnlyDictionary<string, double?>)>();
        var parts = text.Split('+');
        for (int s = 0; s < parts.Length; s++)
        {
            string part = parts[s].Trim();
            string Fail(string what) => $"--schedule '{text}': {what}";
            int colon = part.IndexOf(':');
            string name = colon < 0 ? part : part[..colon];
            if (name.Length == 0)
            {
                error = Fail($"an empty kind{(parts.Length > 1 ? " around '+'" : "")}; choose one of {ScheduleCatalog.Names}");
                return null;
            }
            var kind = ScheduleCatalog.Find(name);
            if (kind is null)
            {
                error = Fail(ScheduleCatalog.Registry.Unknown(name));
                return null;
            }
            var values = kind.Parameters.ToDictionary(p => p.Name, p => p.Default);
            var given = new HashSet<string>();
            string arguments = colon < 0 ? "" : part[(colon + 1)..];
            if (colon >= 0 && arguments.Trim().Length == 0)
            {
                error = Fail($"'{name}:' needs NAME=VALUE after the colon, or no colon");
                return null;
            }
            foreach (var raw in colon < 0 ? Array.Empty<string>() : arguments.Split(','))
            {
                string argument = raw.Trim();
                int equals = argument.IndexOf('=');
                if (equals <= 0)
                {
                    error = Fail($"expected NAME=VALUE for a parameter of {name} (got '{argument}')");
                    return null;
                }
                string key = argument[..equals].Trim(), value = argument[(equals + 1)..].Trim();
                var parameter = kind.Find(key);
                if (parameter is null)
                {
                    string known = kind.Parameters.Count == 0 ? "it takes none" : "its parameters are " + string.Join(", ", kind.Parameters.Select(p => p.Name));
                    error = Fail($"{name} has no parameter '{key}'{SpellingSuggestion.Suffix(key, kind.Parameters.Select(p => p.Name))}; {known}");
                    return null;
                }
                if (!given.Add(key))
                {
                    error = Fail($"{name}'s {key} is given twice");
                    return null;
                }
                if (parameter.TryParse(value) is not double parsed)
                {
                    error = Fail($"{name}'s {key} must be {parameter.Requirement} (got '{value}')");
                    return null;
                }
                values[key] = parsed;
            }
            bool last = s == parts.Length - 1;
            if (!last && (kind.LengthParameter is null || values[kind.LengthParameter] is null))
            {
                error = Fail(kind.LengthParameter is null
                    ? $"{name} runs to the end, so nothing can follow it after '+'; only {FixedLengthKinds} can"
                    : $"{name} before '+' needs {kind.LengthParameter}=N, its length in iterations");
                return null;
            }
            segments.Add((kind, values));
        }
        return new ScheduleSpec(segments);
    }

    private static string FixedLengthKinds => string.Join(" or ", ScheduleCatalog.All.Where(k => k.LengthParameter is not null)
        .Select(k => k.Find(k.LengthParameter!)!.Default is null ? $"{k.Name}:{k.LengthParameter}=N" : k.Name));
}
