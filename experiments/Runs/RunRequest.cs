namespace TorchAe.Runs;

/// <summary>How a training command was asked to run, beyond the experiment itself. <see cref="ResumeCommandLine"/> is
/// the command line without --out, --force and --resume: with <c>--resume DIR</c> appended it continues the run.</summary>
public sealed record RunRequest(string? Out, string? Resume, bool Force, bool Quiet, string CommandLine, string ResumeCommandLine);
