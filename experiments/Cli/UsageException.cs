namespace TorchAe.Cli;

/// <summary>A command line that cannot be run as written: unknown option, missing or malformed value. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
