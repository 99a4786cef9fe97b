using TorchAe.Runtime;

namespace TorchAe.Tests.Support;

/// <summary>A fact that needs tcmalloc installed (Debian: libtcmalloc-minimal4, which .ci/install installs): reported as
/// skipped, with the reason, where it is missing.</summary>
public sealed class TcmallocFactAttribute : FactAttribute
{
    public TcmallocFactAttribute()
    {
        string[] folders = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];
        if (!OperatingSystem.IsLinux() || !folders.Any(f => File.Exists(Path.Combine(f, CachingAllocator.Library))))
            Skip = $"{CachingAllocator.Library} is not installed (apt-get install libtcmalloc-minimal4)";
    }
}
