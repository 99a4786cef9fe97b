using TorchAe.Cli;

namespace TorchAe.Sweeps;

/// <summary>One <c>--vary KEY=V1,V2,…</c>: an option of the swept command (KEY without its dashes) and the values it
/// takes; a list of numbers is written with <c>:</c> (<c>hidden=100:50,200:100</c>) and passed on with commas
/// (<c>--hidden 100,50</c>); any other value is passed on as written, so a corruption keeps its own colon
/// (<c>corruption=none,mask:0.25</c> → <c>--corruption mask:0.25</c>).</summary>
internal sealed record VariedOption(string Key, IReadOnlyList<string> Values)
{
    public string Option => "--" + Key;

    /// <summary>The option as the command takes it for one of <see cref="Values"/>.</summary>
    public string[] Arguments(string value) => [Option, IsNumberList(value) ? value.Replace(':', ',') : value];

    static bool IsNumberList(string value) =>
        value.Contains(':') && value.Split(':').All(part => double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

    public static VariedOption Parse(string text)
    {
        int equals = text.IndexOf('=');
        if (equals <= 0)
            throw new UsageException($"--vary must be KEY=V1,V2,… (an option of the command without its dashes, e.g. rho=0.05,0.25), got '{text}'");
        var key = text[..equals].Trim().TrimStart('-');
        var values = text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (values.All(v => v.Length == 0))
            throw new UsageException($"--vary {key} has no values (give them as {key}=V1,V2,…), got '{text}'");
        if (values.Any(v => v.Length == 0))
            throw new UsageException($"--vary {key} has an empty value in '{text}'");
        var twice = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new UsageException($"--vary {key} lists the value '{twice.Key}' twice");
        return new VariedOption(key, values);
    }
}
