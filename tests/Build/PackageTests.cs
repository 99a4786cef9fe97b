using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Build;

/// <summary><c>dotnet pack</c> of the library (from the build these tests run on) gives the TorchAe package: its id and
/// the one version, the TorchSharp-cpu dependency, the README and licence, and the very files of the native load fix
/// in buildTransitive/ (one copy of the logic: the repository's build imports the same files).</summary>
public sealed class PackageTests
{
    [DotnetFact]
    public void Pack_Library_GivesTorchAePackageWithTheLoadFixInBuildTransitive()
    {
        using var dir = new TempFolder();
        var root = RepositoryRoot.Path;
        var configuration = typeof(PackageTests).Assembly.Location.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string[] args = ["pack", Path.Combine(root, "src", "TorchAe.Core.csproj"), "--no-build", "--no-restore", "-c", configuration, "-o", dir.Path, "-nologo"];
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.Ordinal))
            .ToDictionary(k => k, _ => (string?)null);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var r = ExternalProcess.Run(DotnetFactAttribute.Dotnet!, args, TimeSpan.FromSeconds(180), environment, root);
        Assert.True(r.Code == 0, $"dotnet {string.Join(' ', args)} exited {r.Code}: {r.Output}{r.Error}");

        var version = Regex.Match(File.ReadAllText(Path.Combine(root, "Directory.Build.props")), "<Version>(.*?)</Version>").Groups[1].Value;
        var package = Path.Combine(dir.Path, $"TorchAe.{version}.nupkg");
        Assert.True(File.Exists(package), $"no {package}; got {string.Join(", ", Directory.GetFiles(dir.Path).Select(Path.GetFileName))}");
        using var zip = ZipFile.OpenRead(package);

        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        XDocument nuspec;
        using (var stream = zip.GetEntry("TorchAe.nuspec")!.Open()) nuspec = XDocument.Load(stream);
        var metadata = nuspec.Root!.Element(ns + "metadata")!;
        Assert.Equal("TorchAe", metadata.Element(ns + "id")!.Value);
        Assert.Equal(version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        var dependencies = metadata.Descendants(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        Assert.Equal("0.107.0", dependencies["TorchSharp-cpu"]);
        Assert.DoesNotContain("TorchSharp-cuda-linux", dependencies.Keys);

        Assert.NotNull(zip.GetEntry("lib/net10.0/TorchAe.Core.dll"));
        Assert.NotNull(zip.GetEntry("README.md"));
        foreach (var (inPackage, inRepository) in new[] { ("buildTransitive/TorchAe.targets", "build/TorchAe.targets"), ("buildTransitive/ElfWeakVersion.cs", "build/ElfWeakVersion.cs") })
        {
            using var entry = new StreamReader(zip.GetEntry(inPackage)?.Open() ?? throw new Xunit.Sdk.XunitException($"{inPackage} is not in the package"));
            Assert.Equal(File.ReadAllText(Path.Combine(root, inRepository)), entry.ReadToEnd());
        }
    }
}
