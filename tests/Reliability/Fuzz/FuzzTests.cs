using System.Globalization;
using System.Text;
using TorchAe.IO;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reliability.Fuzz;

/// <summary>The project's fuzzer: seeded, repeatable mutations of a valid file per reader (see <see cref="Mutator"/>),
/// each run as a user would (<c>dataset</c>, <c>export</c>, <c>import</c>, <c>train --config</c>), each sorted into an
/// outcome (<see cref="FuzzCase.Outcomes"/>). Every case must end ok (and self-consistent) or refused with one clean
/// line and nothing written. A fast subset runs in <c>dotnet test</c>; the long run is
/// <c>tools/fuzz.sh [CASES] [SEED] [CLI_CASES]</c> (docs/reliability.md has its table).</summary>
public sealed class FuzzTests(FuzzSeeds seeds) : IClassFixture<FuzzSeeds>
{
    /// <summary>360 cases (30 per reader), seed 1: every outcome must be ok or refused.</summary>
    [Fact]
    public void InProcess_FastSubset_EveryCaseOkOrRefused()
    {
        var (table, failures) = RunInProcess(seed: 1, cases: 30 * FuzzCase.Readers.Length);
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join('\n', failures)}\n{table}");
    }

    /// <summary>One case per reader through the real program (<c>dotnet torchae.dll</c>): exit code, stderr, leftovers.</summary>
    [Fact]
    public void Cli_Sample_EveryCaseOkOrRefused()
    {
        var (_, failures) = RunCli(seed: 1, cases: FuzzCase.Readers.Length);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Four mutated checkpoints resumed through the real program (<c>torchae shapes --resume DIR</c>): a refusal
    /// leaves every file of the run folder byte-identical, an accepted one resumes to the end.</summary>
    [Fact]
    public void Cli_CheckpointSample_EveryCaseOkOrRefused()
    {
        var (_, failures) = RunCli(seed: 1, cases: 4, reader: "checkpoint");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The long run, when <c>TORCHAE_FUZZ_CASES</c> is set (tools/fuzz.sh sets it): that many in-process cases
    /// and <c>TORCHAE_FUZZ_CLI</c> cases through the program, seed <c>TORCHAE_FUZZ_SEED</c>; the table goes to
    /// <c>TORCHAE_FUZZ_TABLE</c>. Without the variable it runs 9 cases of seed 2, a smoke test of the entry point.</summary>
    [Fact]
    public void LongRun_FromEnvironment_EveryCaseOkOrRefused()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("TORCHAE_FUZZ_CASES"), out var n) ? n : 9;
        int cli = int.TryParse(Environment.GetEnvironmentVariable("TORCHAE_FUZZ_CLI"), out var c) ? c : 0;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("TORCHAE_FUZZ_SEED"), out var s) ? s : 2;
        var (table, failures) = RunInProcess(seed, cases);
        var (cliTable, cliFailures) = cli > 0 ? RunCli(seed, cli) : ("", new List<string>());
        if (Environment.GetEnvironmentVariable("TORCHAE_FUZZ_LOG") is { Length: > 0 } log)
            File.WriteAllLines(log, Log);
        if (Environment.GetEnvironmentVariable("TORCHAE_FUZZ_TABLE") is { Length: > 0 } path)
            File.WriteAllText(path, $"in-process, seed {seed}, {cases} cases:\n\n{table}\nthrough the program, seed {seed}, {cli} cases:\n\n{cliTable}\nfailures:\n{string.Join('\n', failures.Concat(cliFailures))}\n");
        Assert.True(failures.Count + cliFailures.Count == 0, string.Join('\n', failures.Concat(cliFailures)));
    }

    (string Table, List<string> Failures) RunInProcess(int seed, int cases)
    {
        using var root = new TempFolder();
        var results = new List<(FuzzCase Case, FuzzCase.Result Result)>();
        // TORCHAE_FUZZ_READER runs one reader's cases of the range only (the same cases, same indices).
        var only = Environment.GetEnvironmentVariable("TORCHAE_FUZZ_READER");
        for (int i = 0; i < cases; i++)
        {
            var fuzzCase = FuzzCase.For(seed, i);
            if (only is { Length: > 0 } && fuzzCase.Reader != only) continue;
            results.Add((fuzzCase, fuzzCase.Run(seeds, root.Path)));
        }
        return Summarise(results);
    }

    /// <summary><paramref name="cases"/> cases through the program; with <paramref name="reader"/>, that many of that
    /// reader's (the same indices a run over every reader gives it).</summary>
    (string Table, List<string> Failures) RunCli(int seed, int cases, string? reader = null)
    {
        using var root = new TempFolder();
        var results = new List<(FuzzCase Case, FuzzCase.Result Result)>();
        for (int i = 0, index = 0; i < cases; index++)
        {
            // CLI cases are drawn from the end of the index range, so they differ from the in-process ones.
            var fuzzCase = FuzzCase.For(seed, 1_000_000 + index);
            if (reader is not null && fuzzCase.Reader != reader) continue;
            i++;
            var folder = Path.Combine(root.Path, $"cli-{i}");
            Directory.CreateDirectory(folder);
            var (args, output, mutation) = fuzzCase.Prepare(seeds, folder);
            var before = fuzzCase.Snapshot(folder);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            FuzzCase.Result result;
            try
            {
                var (code, stdout, stderr) = ChildRun.Run(fuzzCase.Limit, args);
                result = new(fuzzCase.Classify(seeds, folder, before, code, stdout, stderr, output, clock.Elapsed), code, mutation, stderr.TrimEnd('\n'), clock.Elapsed);
            }
            catch (TimeoutException)
            {
                result = new("hang", -1, mutation, "", clock.Elapsed);
            }
            results.Add((fuzzCase, result));
        }
        return Summarise(results);
    }

    /// <summary>Every case of this test class's runs, one line each (outcome, case, mutation, stderr): TORCHAE_FUZZ_LOG.</summary>
    readonly List<string> Log = [];

    /// <summary>The table (reader × outcome counts) and one line per failure, with what reproduces it.</summary>
    (string, List<string>) Summarise(List<(FuzzCase Case, FuzzCase.Result Result)> results)
    {
        Log.AddRange(results.Select(r => $"{r.Result.Outcome}\t{r.Case.Reader}\t{r.Case.Seed}\t{r.Case.Index}\t{r.Result.Code}\t{r.Result.Time.TotalSeconds:0.000}\t{r.Result.Mutation}\t{MessageText.OneLine(r.Result.Error, 1000)}"));
        var table = new StringBuilder();
        table.AppendLine($"| reader | cases | {string.Join(" | ", FuzzCase.Outcomes)} |");
        table.AppendLine($"|---|---:|{string.Concat(FuzzCase.Outcomes.Select(_ => "---:|"))}");
        foreach (var reader in FuzzCase.Readers.Append("all"))
        {
            var rows = results.Where(r => reader == "all" || r.Case.Reader == reader).ToList();
            if (rows.Count == 0) continue;
            table.AppendLine($"| {reader} | {rows.Count} | {string.Join(" | ", FuzzCase.Outcomes.Select(o => rows.Count(r => r.Result.Outcome == o).ToString(CultureInfo.InvariantCulture)))} |");
        }
        var failures = results.Where(r => r.Result.Outcome is not ("ok" or "refused" or "diverged"))
            .Select(r => $"{r.Result.Outcome}: reader {r.Case.Reader}, seed {r.Case.Seed}, case {r.Case.Index}, exit {r.Result.Code}, {r.Result.Time.TotalSeconds:0.0} s; {r.Result.Mutation} → {r.Result.Error.Replace('\n', '|')}")
            .ToList();
        return (table.ToString(), failures);
    }
}
