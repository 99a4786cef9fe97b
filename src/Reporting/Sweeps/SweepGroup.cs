namespace TorchAe.Reporting.Sweeps;

/// <summary>One combination of a sweep's varied keys: its values, how many runs finished (n), and the statistics of
/// each numeric column of <see cref="SweepTable.Columns"/> over those runs.</summary>
internal sealed record SweepGroup(IReadOnlyList<string> KeyValues, int N, IReadOnlyList<SampleStatistics?> Statistics)
{
    /// <summary>"rho=0.05, hidden=100:50", or "all runs" when nothing is varied.</summary>
    public string Label(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "all runs" : string.Join(", ", keys.Select((k, i) => $"{k}={KeyValues[i]}"));
}
