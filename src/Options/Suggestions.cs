namespace TorchAe.Options;

/// <summary>"Did you mean …?" for a misspelt name: the candidates nearest by Levenshtein distance (insertions,
/// deletions, substitutions), if within a third of the name's length (at least 1). A dozen lines of our own rather
/// than a package: the library's only dependency stays TorchSharp.</summary>
internal static class Suggestions
{
    /// <summary>The closest <paramref name="candidates"/> to <paramref name="name"/> (ties all), or none.</summary>
    public static IReadOnlyList<string> For(string name, IEnumerable<string> candidates)
    {
        int limit = Math.Max(1, name.Length / 3);
        var scored = candidates.Distinct().Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= limit).ToList();
        if (scored.Count == 0) return [];
        int best = scored.Min(c => c.Distance);
        return scored.Where(c => c.Distance == best).Select(c => c.Name).ToList();
    }

    /// <summary>" (did you mean beta?)", or "" when nothing is close.</summary>
    public static string Hint(string name, IEnumerable<string> candidates, string prefix = "") =>
        For(name, candidates) is { Count: > 0 } close ? $" (did you mean {string.Join(" or ", close.Select(c => prefix + c))}?)" : "";

    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
