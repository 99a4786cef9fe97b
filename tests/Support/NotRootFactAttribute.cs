namespace TorchAe.Tests.Support;

/// <summary>A fact about file permissions, skipped when running as root (who may read any file) or on Windows.</summary>
public sealed class NotRootFactAttribute : FactAttribute
{
    public NotRootFactAttribute()
    {
        if (Environment.UserName == "root") Skip = "runs as root, for whom no file is unreadable";
        else if (OperatingSystem.IsWindows()) Skip = "Unix file modes only";
    }
}
