namespace TorchAe.Runs;

/// <summary>How a training command was asked to run, beyond the experiment itself.</summary>
public sealed record RunRequest(string? Out, string? Resume, bool Force, bool Quiet, string CommandLine);
