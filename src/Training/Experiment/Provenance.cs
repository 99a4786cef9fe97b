namespace TorchAe.Training.Experiment;

/// <summary>Where and with what a run was made, recorded in its config.json (key <c>provenance</c>) and shown in its
/// report: the command line, the device that ran it, the versions of TorchAe (and its commit), TorchSharp and libtorch,
/// and when it started. A record of the run, not a setting: <c>--print-config</c> leaves it out, reading accepts it, and
/// <c>--resume</c> does not compare it.</summary>
public sealed record Provenance
{
    /// <summary>The command line that made the run, as typed.</summary>
    public required string CommandLine { get; init; }
    /// <summary>The device as PyTorch prints it (<c>cpu</c>, <c>cuda:0</c>), after <c>auto</c> was resolved.</summary>
    public required string DeviceUsed { get; init; }
    /// <summary>TorchAe's version (<see cref="Runtime.BuildInfo.Version"/>).</summary>
    public required string TorchaeVersion { get; init; }
    /// <summary>The git commit TorchAe was built from, or "unknown".</summary>
    public required string Commit { get; init; }
    /// <summary>TorchSharp's version.</summary>
    public required string TorchsharpVersion { get; init; }
    /// <summary>libtorch's version as it reports itself.</summary>
    public required string LibtorchVersion { get; init; }
    /// <summary>The start of the run, UTC, ISO 8601 to the second (<c>2026-11-29T09:15:00Z</c>).</summary>
    public required string DateUtc { get; init; }
}
