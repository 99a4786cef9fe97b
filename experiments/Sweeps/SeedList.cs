using System.Globalization;
using TorchAe.Cli;

namespace TorchAe.Sweeps;

/// <summary>The seeds of <c>--seeds LIST</c>: ranges and single seeds separated by commas (<c>1-10</c>, <c>1,3,5</c>,
/// <c>1-3,7</c>), each an integer ≥ 0, none twice.</summary>
internal static class SeedList
{
    public static IReadOnlyList<int> Parse(string text)
    {
        var seeds = new List<int>();
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (text.Trim().Length == 0 || parts.Any(p => p.Length == 0))
            throw Bad(text, "an empty entry");
        foreach (var part in parts)
        {
            int dash = part.IndexOf('-', 1);
            if (dash < 0) seeds.Add(Seed(part, text));
            else
            {
                int first = Seed(part[..dash], text), last = Seed(part[(dash + 1)..], text);
                if (last < first) throw Bad(text, $"the range {part} runs backwards");
                seeds.AddRange(Enumerable.Range(first, last - first + 1));
            }
        }
        var twice = seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw Bad(text, $"seed {twice.Key} twice");
        return seeds;
    }

    static int Seed(string part, string text) =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(text, $"'{part}' is not an integer >= 0");

    static UsageException Bad(string text, string what) =>
        new($"--seeds must be a list like 1-10 or 1,3,5 of integers >= 0, got '{text}' ({what})");
}
