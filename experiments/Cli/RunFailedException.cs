namespace TorchAe.Cli;

/// <summary>A run that started but could not finish (training diverged): one line and exit code 1.</summary>
public sealed class RunFailedException(string message) : Exception(message);
