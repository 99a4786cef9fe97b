using TorchAe.Reporting.Sweeps;

namespace TorchAe.Sweeps;

/// <summary>One run of a sweep: where it goes, and the command with its arguments (without the run folder's options).</summary>
internal sealed record PlannedRun(SweepRunFolder Folder, string Command, IReadOnlyList<string> Arguments);
