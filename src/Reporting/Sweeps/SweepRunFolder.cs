using TorchAe.Reporting.Summary;

namespace TorchAe.Reporting.Sweeps;

/// <summary>One planned run of a sweep: its folder, its name (<c>rho-0.05_seed-1</c>), the values of the varied keys
/// (in the order of <see cref="SweepTable.Keys"/>) and its seed.</summary>
internal sealed record SweepRunFolder(string Name, string Path, IReadOnlyList<string> KeyValues, int Seed)
{
    /// <summary>The run finished: its summary.json, written last, is there.</summary>
    public bool Finished => File.Exists(System.IO.Path.Combine(Path, SummaryJson.FileName));
}
