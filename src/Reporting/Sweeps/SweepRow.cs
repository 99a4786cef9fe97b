namespace TorchAe.Reporting.Sweeps;

/// <summary>One finished run of a sweep: the varied keys' values, the seed, the numbers (aligned with
/// <see cref="SweepTable.Columns"/>; null for an empty cell) and the run's folder name.</summary>
internal sealed record SweepRow(IReadOnlyList<string> KeyValues, int Seed, IReadOnlyList<double?> Values, string Run);
