using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reliability;

/// <summary>Runs every input of <see cref="BadInputCatalog"/> through <c>CommandLine.Run</c> in-process: exit code 2,
/// exactly the catalogued line on stderr (and nothing else), no stack trace, and nothing written — neither the
/// <c>--out</c> folder nor any change to the files the command was pointed at.</summary>
public sealed class BadInputTests(BadInputFiles files) : IClassFixture<BadInputFiles>
{
    public static TheoryData<string> Ids => new(BadInputCatalog.All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Run_BadInput_ExitsTwoWithOneLineAndWritesNothing(string id)
    {
        var input = BadInputCatalog.All.Single(c => c.Id == id);
        if (id == "cuda" && TorchSharp.torch.cuda.is_available()) return;
        var args = input.Args.Select(a => a.Replace("{dir}", files.Path, StringComparison.Ordinal)).ToArray();
        var before = Snapshot(files.Path);

        var (code, output, error) = Torchae.Run(args);

        var line = error.Replace(files.Path, "{dir}", StringComparison.Ordinal).TrimEnd('\n');
        Assert.True(code == 2, $"exit code {code}; stderr: {error}; stdout: {output}");
        Assert.Equal(input.Expected, line);
        Assert.Equal(1, error.Count(ch => ch == '\n'));
        Assert.DoesNotContain("   at ", error + output);
        Assert.DoesNotContain("Exception", error + output);
        Assert.False(Directory.Exists(Path.Combine(files.Path, "out")) || File.Exists(Path.Combine(files.Path, "out")), "the --out folder was created");
        Assert.False(Directory.Exists("/proc/torchae-run"));
        Assert.Equal(before, Snapshot(files.Path));
    }

    [Fact]
    public void Catalog_HasAtLeastFortyDistinctInputs()
    {
        Assert.True(BadInputCatalog.All.Count >= 40, $"{BadInputCatalog.All.Count} inputs");
        Assert.Equal(BadInputCatalog.All.Count, BadInputCatalog.All.Select(c => c.Id).Distinct().Count());
    }

    /// <summary>Every file under <paramref name="folder"/> with its size and last write time.</summary>
    static string Snapshot(string folder) => string.Join('\n', Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}"));
}
