using System.CommandLine;
using System.CommandLine.Parsing;
using TorchAe.Experiments;
using TorchAe.Cli;
using TorchAe.Reporting.Sweeps;
using TorchAe.Runs;
using TorchAe.Sweeps;

namespace TorchAe.Commands;

/// <summary><c>torchae sweep --seeds LIST [--vary KEY=V1,V2 …] [--out DIR] -- COMMAND [options]</c>: a training command
/// over seeds × combinations of options, with tables of mean, sd and 95 % intervals; <c>--resume DIR</c> continues a
/// killed sweep, <c>--plan</c> prints the command lines for a batch system, <c>--collect DIR</c> builds the tables from
/// the runs finished there.</summary>
public sealed class SweepCommand : ICommand
{
    readonly Option<string> seeds = CliOption.Text("--seeds", "seeds of the runs: 1-10, 1,3,5 or 1-3,7 (required unless --resume or --collect)", placeholder: "LIST");
    readonly Option<IReadOnlyList<string>> vary = CliOption.Each("--vary",
        "an option of COMMAND without dashes and its values, e.g. rho=0.05,0.25 or hidden=100:50,200:100 (list values joined by :); repeat for a grid", "KEY=LIST");
    readonly Option<string> outDir = CliOption.Text("--out", "sweep folder (runs in DIR/runs/<key>-<value>_…_seed-<n>)", "runs/sweep-<yyyyMMdd-HHmmss>", "DIR");
    readonly Option<string> resume = CliOption.Text("--resume", "continue the sweep in DIR: finished runs kept, a half-done run continues from its checkpoint", placeholder: "DIR");
    readonly Option<string> collect = CliOption.Text("--collect", "build the tables and figures of DIR from the runs finished there (e.g. after --plan on a cluster)", placeholder: "DIR");
    readonly Option<bool> plan = CliOption.Flag("--plan", "print one torchae command line per run (for a Slurm array or GNU parallel), write DIR/sweep.json, run nothing");
    readonly Option<bool> force = CliOption.Flag("--force", "replace the sweep already in --out: its sweep.json, and every run of the new plan starts afresh (their earlier outputs removed)");
    readonly Argument<string[]> swept = new("COMMAND")
    {
        Description = "after --: the command to sweep (shapes, mnist, patches or train) with its options",
        HelpName = "COMMAND",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public string Name => "sweep";
    public string Summary => "run a training command over seeds × varied options; sweep.csv, sweep-summary.csv (mean, sd, 95 % CI), sweep.png, sweep.html";
    public IEnumerable<Symbol> Symbols => [seeds, vary, outDir, resume, collect, plan, force, swept];

    public int Run(ParseResult args, TextWriter output)
    {
        // Only what follows a bare -- is the swept command line.
        var trailing = args.GetValue(swept) ?? [];
        if (trailing.Length > 0 && !args.Tokens.Any(t => t.Type == TokenType.DoubleDash))
            throw new UsageException($"unexpected argument '{trailing[0]}' (options start with --; see --help)");
        if (args.Given(resume) || args.Given(collect))
        {
            var option = args.Given(resume) ? "--resume" : "--collect";
            if (args.Given(resume) && args.Given(collect))
                throw new UsageException("--resume and --collect exclude each other");
            if (args.Given(seeds) || args.Given(vary) || args.Given(outDir) || args.Given(plan) || args.Given(force) || trailing.Length > 0)
                throw new UsageException($"{option} DIR takes the sweep from DIR/{SweepDefinition.FileName}; give no other option and no command");
            var folder = args.Text(args.Given(resume) ? resume : collect)!;
            var saved = SweepDefinition.Load(folder, option);
            var runs = saved.Plan(folder);
            SweepCheck.Check(saved, runs);
            RunFolder.EnsureWritable(folder);
            if (option == "--resume") return new SweepRunner(output, folder, saved).Run(runs);
            if (SweepTable.Collect(saved.Keys, runs.Select(p => p.Folder).ToList()).Rows.Count == 0)
                throw new UsageException($"--collect {folder}: none of its {runs.Count} runs has finished (no summary.json under {folder}/runs/); nothing collected, nothing written");
            var table = SweepReport.Write(folder, saved, runs);
            output.WriteLine($"collected {table.Rows.Count} of {runs.Count} runs into {folder}/ ({SweepCsv.RunsFile}, {SweepCsv.SummaryFile}, sweep.png, sweep.html)");
            if (table.Incomplete.Count > 0)
                output.WriteLine($"not finished (not counted): {string.Join(", ", table.Incomplete.Select(r => r.Name))}");
            return ExitCodes.Success;
        }

        if (trailing.Length == 0)
            throw new UsageException("give the command to sweep after --, e.g. torchae sweep --seeds 1-3 -- shapes");
        var seedList = SeedList.Parse(args.Text(seeds) ?? throw new UsageException("--seeds is required (see --help)"));
        var varied = args.Values(vary).Select(VariedOption.Parse).ToList();
        var dir = RunFolder.Resolve(args.Text(outDir), Name);
        var commandLine = "torchae " + string.Join(' ', args.Tokens.Select(t => t.Value).Select(TrainingCommand.Quote));
        var sweep = new SweepDefinition(trailing[0], trailing.Skip(1).ToList(), seedList, varied, commandLine);
        var plannedRuns = sweep.Plan(dir);
        SweepCheck.Check(sweep, plannedRuns);
        bool replacing = File.Exists(Path.Combine(dir, SweepDefinition.FileName));
        if (replacing && !args.Given(force))
            throw new UsageException($"--out {dir} already holds a sweep ({SweepDefinition.FileName}); continue it with torchae sweep --resume {dir}, add --force to replace it, or choose another --out");
        RunFolder.EnsureWritable(dir);
        // A replaced sweep keeps no result of the old one that the new plan would count as its own: each planned run
        // folder loses what a run writes (as `--out RUN --force` does), so every run starts afresh.
        if (replacing)
            foreach (var run in plannedRuns.Where(r => Directory.Exists(r.Folder.Path)))
                RunDirectory.Create(run.Folder.Path, force: true);
        sweep.Save(dir);
        if (args.Given(plan))
        {
            foreach (var run in plannedRuns) output.WriteLine(SweepDefinition.Line(run, "--out", run.Folder.Path));
            return ExitCodes.Success;
        }
        return new SweepRunner(output, dir, sweep).Run(plannedRuns);
    }
}
