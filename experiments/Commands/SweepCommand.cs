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
    public string Name => "sweep";
    public string Summary => "run a training command over seeds × varied options; sweep.csv, sweep-summary.csv (mean, sd, 95 % CI), sweep.png, sweep.html";
    public string Trailing => "COMMAND [options]   (shapes, mnist, patches or train with its options)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--seeds", "seeds of the runs: 1-10, 1,3,5 or 1-3,7"),
        new("--vary", "an option of COMMAND without dashes and its values, e.g. rho=0.05,0.25 or hidden=100:50,200:100 (list values joined by :); repeat for a grid", Repeatable: true),
        new("--out", "sweep folder (runs in DIR/runs/<key>-<value>_…_seed-<n>)", Display: "runs/sweep-<yyyyMMdd-HHmmss>"),
        new("--resume", "continue the sweep in DIR: finished runs kept, a half-done run continues from its checkpoint"),
        new("--collect", "build the tables and figures of DIR from the runs finished there (e.g. after --plan on a cluster)"),
        OptionSpec.Flag("--plan", "print one torchae command line per run (for a Slurm array or GNU parallel), write DIR/sweep.json, run nothing"),
    ];

    public int Run(ParsedArgs args, TextWriter output)
    {
        if (args.Has("--resume") || args.Has("--collect"))
        {
            var option = args.Has("--resume") ? "--resume" : "--collect";
            if (args.Has("--resume") && args.Has("--collect"))
                throw new UsageException("--resume and --collect exclude each other");
            if (args.Has("--seeds") || args.Has("--vary") || args.Has("--out") || args.Flag("--plan") || args.Trailing.Count > 0)
                throw new UsageException($"{option} DIR takes the sweep from DIR/{SweepDefinition.FileName}; give no other option and no command");
            var folder = args.Require(option);
            var saved = SweepDefinition.Load(folder, option);
            var plan = saved.Plan(folder);
            SweepCheck.Check(saved, plan);
            RunFolder.EnsureWritable(folder);
            if (option == "--resume") return new SweepRunner(output, folder, saved).Run(plan);
            var table = SweepReport.Write(folder, saved, plan);
            output.WriteLine($"collected {table.Rows.Count} of {plan.Count} runs into {folder}/ ({SweepCsv.RunsFile}, {SweepCsv.SummaryFile}, sweep.png, sweep.html)");
            if (table.Incomplete.Count > 0)
                output.WriteLine($"not finished (not counted): {string.Join(", ", table.Incomplete.Select(r => r.Name))}");
            return ExitCodes.Success;
        }

        if (args.Trailing.Count == 0)
            throw new UsageException("give the command to sweep after --, e.g. torchae sweep --seeds 1-3 -- shapes");
        var seeds = SeedList.Parse(args.Require("--seeds"));
        var vary = args.Each("--vary").Select(VariedOption.Parse).ToList();
        var dir = RunFolder.Resolve(args.String("--out"), Name);
        var commandLine = "torchae " + string.Join(' ', new[] { Name }.Concat(args.Raw).Select(TrainingCommand.Quote));
        var sweep = new SweepDefinition(args.Trailing[0], args.Trailing.Skip(1).ToList(), seeds, vary, commandLine);
        var runs = sweep.Plan(dir);
        SweepCheck.Check(sweep, runs);
        if (File.Exists(Path.Combine(dir, SweepDefinition.FileName)))
            throw new UsageException($"--out {dir} already holds a sweep ({SweepDefinition.FileName}); continue it with torchae sweep --resume {dir}, or choose another --out");
        RunFolder.EnsureWritable(dir);
        sweep.Save(dir);
        if (args.Flag("--plan"))
        {
            foreach (var run in runs) output.WriteLine(SweepDefinition.Line(run, "--out", run.Folder.Path));
            return ExitCodes.Success;
        }
        return new SweepRunner(output, dir, sweep).Run(runs);
    }
}
