namespace TorchAe.Runs;

/// <summary>How a training command was asked to run, beyond the experiment itself. <see cref="ResumeCommandLine"/> is
/// the command line without --out, --force and --resume: with <c>--resume DIR</c> appended it continues the run.
/// <see cref="TensorBoard"/>: also write TensorBoard event files into the run folder.</summary>
public sealed record RunRequest(string? Out, string? Resume, bool Force, bool Quiet, string CommandLine, string ResumeCommandLine, bool TensorBoard = false);
