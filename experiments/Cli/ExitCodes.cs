namespace TorchAe.Cli;

/// <summary>The exit codes every command uses (documented in the README).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Training or a check failed: NaN/∞ loss, a gradient check over its threshold, libtorch not loadable.</summary>
    public const int Failed = 1;
    /// <summary>Bad input: an option, config field or data file that is not allowed. Nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>Interrupted by Ctrl+C after a checkpoint was written.</summary>
    public const int Interrupted = 130;
}
