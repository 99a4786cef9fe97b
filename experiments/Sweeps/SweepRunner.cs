using System.Diagnostics;
using System.Globalization;
using TorchAe.Cli;
using TorchAe.Reporting.Sweeps;
using TorchAe.Training;

namespace TorchAe.Sweeps;

/// <summary>Runs a sweep's plan in this process, one run after the other, through the same <see cref="CommandLine"/>
/// a user types: libtorch loads once and every run is exactly the command line <c>--plan</c> prints. A finished run
/// (summary.json present) is kept, a run with a checkpoint continues from it (<c>--resume RUNDIR</c>), any other run
/// starts afresh. The tables are rewritten after every run, so a running sweep can be looked at; the figures at the end.</summary>
internal sealed class SweepRunner(TextWriter output, string folder, SweepDefinition sweep)
{
    public int Run(IReadOnlyList<PlannedRun> plan)
    {
        int finished = plan.Count(p => p.Folder.Finished);
        output.WriteLine($"sweep: {plan.Count} runs of torchae {sweep.Command} in {folder}"
            + (finished > 0 ? $"; {finished} finished already, {plan.Count - finished} to run" : ""));
        var failed = new List<string>();
        for (int i = 0; i < plan.Count; i++)
        {
            var run = plan[i];
            if (run.Folder.Finished) continue;
            bool resuming = new CheckpointStore(run.Folder.Path).Exists;
            // A folder without checkpoint holds no result yet (the run died before its first one): it starts again.
            string[] where = resuming ? ["--resume", run.Folder.Path]
                : Directory.Exists(run.Folder.Path) ? ["--out", run.Folder.Path, "--force"] : ["--out", run.Folder.Path];
            var log = new StringWriter();
            var error = new StringWriter();
            var clock = Stopwatch.StartNew();
            int code = CommandLine.Run([run.Command, .. run.Arguments, "--quiet", .. where], log, error);
            var head = $"[{i + 1}/{plan.Count}] {run.Folder.Name}{(resuming ? " (resumed)" : "")}";
            switch (code)
            {
                case ExitCodes.Success:
                    output.WriteLine($"{head}: {Describe(RunOutcome.Read(run.Folder.Path))}, {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
                    SweepReport.WriteTables(folder, sweep, plan);
                    break;
                case ExitCodes.Interrupted:
                    output.WriteLine($"{head}: interrupted, checkpoint kept; continue the sweep with: torchae sweep --resume {Runs.TrainingCommand.Quote(folder)}");
                    return ExitCodes.Interrupted;
                case ExitCodes.BadInput:
                    throw new UsageException($"run {run.Folder.Name}: {Strip(error.ToString(), run.Command)}");
                default:
                    output.WriteLine($"{head}: failed: {Strip(error.ToString(), run.Command)}");
                    failed.Add(run.Folder.Name);
                    break;
            }
        }
        var table = SweepReport.Write(folder, sweep, plan);
        output.WriteLine($"wrote {folder}/ ({SweepCsv.RunsFile}: {Count(table.Rows.Count, "run")}, {SweepCsv.SummaryFile}: {Count(table.Groups().Count, "combination")}, {SweepPlot.FileName}, {SweepHtml.FileName})");
        if (failed.Count > 0)
            throw new RunFailedException($"{failed.Count} of {plan.Count} runs failed ({string.Join(", ", failed)}); the others are in {folder}");
        return ExitCodes.Success;
    }

    static string Describe(RunOutcome o) =>
        o switch
        {
            { AccuracyBeforeFinetune: { } b, AccuracyAfterFinetune: { } a } => $"test accuracy {Percent(b)} before fine-tuning, {Percent(a)} after",
            { AccuracyAfterFinetune: { } a } => $"test accuracy {Percent(a)}",
            { AccuracyBeforeFinetune: { } b } => $"test accuracy {Percent(b)}",
            _ => "finished",
        };

    static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    static string Percent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>The run's one error line without its <c>torchae COMMAND: </c> prefix.</summary>
    static string Strip(string error, string command)
    {
        var line = error.Trim().Split('\n')[0];
        var prefix = $"torchae {command}: ";
        return line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : line;
    }
}
