namespace TorchAe.Reporting.Sweeps;

/// <summary>The results of a sweep, one row per finished run, in the order the runs were planned: the varied keys,
/// the seed and the numeric <see cref="Columns"/> — <c>accuracy_before_finetune</c>, <c>accuracy_after_finetune</c>,
/// <c>layer1_test_rmse</c> … (one per layer of the deepest run), <c>seconds_total</c>. Runs without summary.json are
/// listed in <see cref="Incomplete"/> and not counted.</summary>
internal sealed record SweepTable(IReadOnlyList<string> Keys, IReadOnlyList<string> Columns, IReadOnlyList<SweepRow> Rows, IReadOnlyList<SweepRunFolder> Incomplete)
{
    public const string SecondsColumn = "seconds_total";

    public static SweepTable Collect(IReadOnlyList<string> keys, IReadOnlyList<SweepRunFolder> runs)
    {
        var finished = runs.Where(r => r.Finished).Select(r => (Run: r, Outcome: RunOutcome.Read(r.Path))).ToList();
        int layers = finished.Select(f => f.Outcome.LayerTestRmse.Count).DefaultIfEmpty(0).Max();
        string[] columns =
        [
            "accuracy_before_finetune", "accuracy_after_finetune",
            .. Enumerable.Range(1, layers).Select(l => $"layer{l}_test_rmse"),
            SecondsColumn,
        ];
        var rows = finished.Select(f => new SweepRow(f.Run.KeyValues, f.Run.Seed,
            [
                f.Outcome.AccuracyBeforeFinetune, f.Outcome.AccuracyAfterFinetune,
                .. Enumerable.Range(0, layers).Select(l => l < f.Outcome.LayerTestRmse.Count ? f.Outcome.LayerTestRmse[l] : null),
                f.Outcome.SecondsTotal,
            ], f.Run.Name)).ToList();
        return new SweepTable(keys, columns, rows, runs.Where(r => !r.Finished).ToList());
    }

    /// <summary>One group per combination of the varied keys' values, in order of first appearance, with the statistics
    /// of every numeric column over its seeds (null where a column has no value in the group).</summary>
    public IReadOnlyList<SweepGroup> Groups() => Rows
        .GroupBy(r => string.Join('\u001f', r.KeyValues))
        .Select(g => new SweepGroup(g.First().KeyValues, g.Count(),
            Columns.Select((_, c) => SampleStatistics.Of(g.Select(r => r.Values[c]))).ToList()))
        .ToList();
}
