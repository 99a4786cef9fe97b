using System.Text.Json;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Build;

/// <summary><c>-p:TorchBackend=cuda</c> swaps TorchSharp-cpu for TorchSharp-cuda-linux. The CUDA package is not served
/// here, so this proves the switch by evaluating the project (no restore, no build) and reading its package items.</summary>
public sealed class TorchBackendSwitchTests
{
    [DotnetFact]
    public void PackageReference_FollowsTorchBackendProperty()
    {
        var cpu = Evaluate();
        var cuda = Evaluate("-p:TorchBackend=cuda");

        Assert.Equal("cpu", cpu.Backend);
        Assert.Contains("TorchSharp-cpu", cpu.References);
        Assert.DoesNotContain("TorchSharp-cuda-linux", cpu.References);

        Assert.Equal("cuda", cuda.Backend);
        Assert.Contains("TorchSharp-cuda-linux", cuda.References);
        Assert.DoesNotContain("TorchSharp-cpu", cuda.References);

        // Both backends, and PyBridge, are pinned centrally to the version the code was written against.
        Assert.Equal("0.107.0", cuda.Versions["TorchSharp-cuda-linux"]);
        Assert.Equal("0.107.0", cuda.Versions["TorchSharp-cpu"]);
        Assert.Contains("TorchSharp.PyBridge", cuda.References);
    }

    static (string Backend, IReadOnlyList<string> References, IReadOnlyDictionary<string, string> Versions) Evaluate(params string[] properties)
    {
        var project = Path.Combine(RepositoryRoot.Path, "src", "TorchAe.Core.csproj");
        string[] args = ["msbuild", project, "-nologo", "-getProperty:TorchBackend", "-getItem:PackageReference", "-getItem:PackageVersion", .. properties];
        // The test host inherits MSBuild variables from 'dotnet test'; a child evaluation must not reuse them.
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.Ordinal))
            .ToDictionary(k => k, _ => (string?)null);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        var r = ExternalProcess.Run(DotnetFactAttribute.Dotnet!, args, TimeSpan.FromSeconds(60), environment, RepositoryRoot.Path);
        Assert.True(r.Code == 0, $"dotnet {string.Join(' ', args)} exited {r.Code}: {r.Output}{r.Error}");

        using var json = JsonDocument.Parse(r.Output);
        var items = json.RootElement.GetProperty("Items");
        var references = items.GetProperty("PackageReference").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!).ToList();
        var versions = items.GetProperty("PackageVersion").EnumerateArray()
            .ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Version").GetString()!);
        return (json.RootElement.GetProperty("Properties").GetProperty("TorchBackend").GetString()!, references, versions);
    }
}
