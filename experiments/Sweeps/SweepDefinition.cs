using System.Text.Json;
using TorchAe.Cli;
using TorchAe.IO;
using TorchAe.Reporting.Sweeps;
using TorchAe.Runs;

namespace TorchAe.Sweeps;

/// <summary>What a sweep runs: the command, its fixed options, the seeds and the varied options. Kept as
/// <c>DIR/sweep.json</c>, so that <c>torchae sweep --resume DIR</c> and <c>--collect DIR</c> need nothing else.</summary>
internal sealed record SweepDefinition(string Command, IReadOnlyList<string> Options, IReadOnlyList<int> Seeds, IReadOnlyList<VariedOption> Vary, string CommandLine)
{
    public const string FileName = "sweep.json";
    public const string RunsFolder = "runs";

    /// <summary>Options the sweep sets itself, per run; the swept command line must not give them.</summary>
    public static readonly string[] Reserved = ["seed", "out", "resume", "force", "quiet", "print-config"];

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public IReadOnlyList<string> Keys => Vary.Select(v => v.Key).ToList();

    /// <summary>Every run, combinations in the order of the --vary options (the last varies fastest), seeds innermost.</summary>
    public IReadOnlyList<PlannedRun> Plan(string folder)
    {
        IEnumerable<IReadOnlyList<string>> combinations = [[]];
        foreach (var v in Vary) combinations = combinations.SelectMany(c => v.Values.Select(value => (IReadOnlyList<string>)[.. c, value])).ToList();
        return combinations.SelectMany(values => Seeds.Select(seed =>
        {
            var name = string.Join('_', Vary.Select((v, i) => $"{v.Key}-{Safe(values[i])}").Append($"seed-{seed}"));
            string[] args = [.. Options, .. Vary.SelectMany((v, i) => v.Arguments(values[i])), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            return new PlannedRun(new SweepRunFolder(name, Path.Combine(folder, RunsFolder, name), values, seed), Command, args);
        })).ToList();
    }

    public void Save(string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    public static SweepDefinition Load(string folder, string option)
    {
        var path = Path.Combine(folder, FileName);
        if (!Directory.Exists(folder)) throw new UsageException($"{option} {folder}: no such folder");
        if (!File.Exists(path)) throw new UsageException($"{option} {folder}: no {FileName} there, so it is not a torchae sweep folder");
        try
        {
            return JsonSerializer.Deserialize<SweepDefinition>(File.ReadAllText(path), Json) is { Command: not null, Options: not null, Seeds.Count: > 0, Vary: not null, CommandLine: not null } d
                ? d : throw new JsonException("a field is missing");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{option} {folder}: {FileName} is not a sweep definition ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>A folder name part: letters, digits and <c>.:+-</c> kept, anything else becomes <c>_</c>.</summary>
    static string Safe(string value) => string.Concat(value.Select(ch => char.IsAsciiLetterOrDigit(ch) || ".:+-".Contains(ch) ? ch : '_'));

    /// <summary>The command line of one run: <c>torchae COMMAND … --seed N --out DIR</c>.</summary>
    public static string Line(PlannedRun run, params string[] extra) =>
        "torchae " + string.Join(' ', new[] { run.Command }.Concat(run.Arguments).Concat(extra).Select(TrainingCommand.Quote));
}
