using System.Reflection;
using static TorchSharp.torch;

namespace TorchAe.Runtime;

/// <summary>Which TorchAe this is and what it runs on: the version (<c>&lt;Version&gt;</c> of Directory.Build.props),
/// the git commit it was built from, TorchSharp's version and libtorch's.</summary>
public static class BuildInfo
{
    static readonly string Informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>TorchAe's version, e.g. <c>1.0.0</c>.</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The git commit the build came from (the SDK's source revision), or "unknown".</summary>
    public static string Commit => Informational.Split('+') is [_, var commit, ..] ? commit : "unknown";

    /// <summary>TorchSharp's version, e.g. <c>0.107.0</c>.</summary>
    public static string TorchSharpVersion =>
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>libtorch's version as it reports itself; loads libtorch (<see cref="TorchRuntime.EnsureLoaded"/>).</summary>
    public static string LibtorchVersion
    {
        get
        {
            TorchRuntime.EnsureLoaded();
            return __version__;
        }
    }
}
