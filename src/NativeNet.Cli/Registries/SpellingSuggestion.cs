namespace NativeNet.Cli.Registries;

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

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours ("btach") cost 1.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
