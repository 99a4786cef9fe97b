using TorchAe.Tests.Support;

namespace TorchAe.Tests.Build;

/// <summary>A fact that runs the <c>dotnet</c> CLI: skipped, with the reason, where it is not on PATH.</summary>
public sealed class DotnetFactAttribute : FactAttribute
{
    public DotnetFactAttribute()
    {
        if (Dotnet is null) Skip = "dotnet is not on PATH (nor named by DOTNET_HOST_PATH); this test evaluates the project with 'dotnet msbuild'";
    }

    /// <summary>The host that runs these tests (<c>DOTNET_HOST_PATH</c>, set by the SDK), else <c>dotnet</c> on PATH.</summary>
    public static string? Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } host && File.Exists(host) ? host : ExternalProcess.OnPath("dotnet");
}
