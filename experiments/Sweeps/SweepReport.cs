using TorchAe.Reporting.Sweeps;

namespace TorchAe.Sweeps;

/// <summary>Writes a sweep's tables and figures from whatever runs of its plan are finished: sweep.csv,
/// sweep-summary.csv, sweep.png and sweep.html in the sweep's folder.</summary>
internal static class SweepReport
{
    public static SweepTable Write(string folder, SweepDefinition sweep, IReadOnlyList<PlannedRun> plan)
    {
        var table = WriteTables(folder, sweep, plan);
        var png = Path.Combine(folder, SweepPlot.FileName);
        SweepPlot.Write(png, table, Title(sweep));
        SweepHtml.Write(Path.Combine(folder, SweepHtml.FileName), sweep.CommandLine, table, png);
        return table;
    }

    /// <summary>"Sweep of torchae shapes: rho = 0.05, 0.25 × 2 seeds (1, 2)": what the figure shows, as its title.</summary>
    internal static string Title(SweepDefinition sweep) =>
        $"Sweep of torchae {sweep.Command}: "
        + string.Join(" × ", sweep.Vary.Select(v => $"{v.Key} = {string.Join(", ", v.Values)}").Append(
            $"{sweep.Seeds.Count} seed{(sweep.Seeds.Count == 1 ? "" : "s")} ({string.Join(", ", sweep.Seeds)})"));

    /// <summary>sweep.csv and sweep-summary.csv only (cheap enough to rewrite after every run).</summary>
    public static SweepTable WriteTables(string folder, SweepDefinition sweep, IReadOnlyList<PlannedRun> plan)
    {
        var table = SweepTable.Collect(sweep.Keys, plan.Select(p => p.Folder).ToList());
        SweepCsv.WriteRuns(Path.Combine(folder, SweepCsv.RunsFile), table);
        SweepCsv.WriteSummary(Path.Combine(folder, SweepCsv.SummaryFile), table);
        return table;
    }
}
