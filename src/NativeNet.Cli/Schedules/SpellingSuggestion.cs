namespace NativeNet.Cli.Schedules;

/// <summary>The known name closest to a mistyped one, for "did you mean" in error messages.</summary>
internal static class SpellingSuggestion
{
    /// <summary>
    /// The name of <paramref name="known"/> closest to <paramref name="typed"/> by edit distance, or one it begins or
    /// ends, when that is near enough to be a typo (at most a third of the name differs); null otherwise.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            int distance = name.StartsWith(typed, StringComparison.Ordinal) && typed.Length > 0 ? 0 : Distance(typed, name);
            if (distance < bestDistance) (best, bestDistance) = (name, distance);
        }
        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? best : null;
    }

    /// <summary>The " (did you mean 'x'?)" suffix for <paramref name="typed"/>, or an empty string.</summary>
    public static string Suffix(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is string name ? $" (did you mean '{name}'?)" : "";

    // Levenshtein distance with one row of memory.
    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
