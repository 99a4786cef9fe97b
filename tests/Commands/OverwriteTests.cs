using System.Globalization;
using TorchAe.Cli;
using TorchAe.Interop;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary>No command replaces a file on disk unless asked: each command that writes refuses an existing target with
/// one line naming it and <c>--force</c> (exit 2, the file untouched), and replaces it with <c>--force</c>.</summary>
public sealed class OverwriteTests : IDisposable
{
    const string Kept = "a result that must not be lost\n";
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Writes <see cref="Kept"/> into <paramref name="target"/>; the command is refused and leaves it, then
    /// with --force succeeds and replaces it.</summary>
    static void AssertRefusedThenReplaced(string target, params string[] command)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, Kept);
        var refused = Torchae.Run(command);
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Single(refused.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("already", refused.Error);
        Assert.Contains("--force", refused.Error);
        Assert.Contains(Path.GetFileName(target), refused.Error);
        Assert.Equal(Kept, File.ReadAllText(target));

        // --force goes before a sweep's "--" (what follows it is the swept command's).
        int at = Array.IndexOf(command, "--") is var dash and >= 0 ? dash : command.Length;
        var forced = Torchae.Run([.. command[..at], "--force", .. command[at..]]);
        Assert.True(forced.Code == 0, forced.Error);
        Assert.NotEqual(Kept, File.ReadAllText(target));
    }

    /// <summary>A model archive as a run leaves it (12 inputs, 3 classes, with its autoencoders) and a labelled CSV for --data.</summary>
    string Archive()
    {
        var run = temp["run"];
        StackArchive.Save(run, TestStacks.BuildModel(3));
        var random = new Random(1);
        File.WriteAllLines(temp["data.csv"], Enumerable.Range(0, 6).Select(n =>
            string.Join(",", Enumerable.Range(0, 12).Select(_ => random.NextDouble().ToString("R", CultureInfo.InvariantCulture)).Append(TestStacks.ClassNames[n % 3]))));
        return run;
    }

    [Theory]
    [InlineData("pytorch", "model.pt")]
    [InlineData("pytorch", "model.pt.json")]
    [InlineData("safetensors", "model.safetensors")]
    public void Export_ExistingFileOrMetadata_RefusedThenReplacedWithForce(string format, string target)
    {
        var run = Archive();
        AssertRefusedThenReplaced(Path.Combine(run, target), "export", "--run", run, "--format", format);
    }

    [Fact]
    public void Encode_ExistingCsv_RefusedThenReplacedWithForce()
    {
        var run = Archive();
        AssertRefusedThenReplaced(temp["codes.csv"], "encode", "--run", run, "--data", temp["data.csv"], "--out", temp["codes.csv"]);
    }

    [Theory]
    [InlineData("reconstruction-errors.csv")]
    [InlineData("reconstruction.json")]
    public void Reconstruct_ExistingOutput_RefusedThenReplacedWithForce(string target)
    {
        var run = Archive();
        AssertRefusedThenReplaced(Path.Combine(temp["rec"], target), "reconstruct", "--run", run, "--data", temp["data.csv"], "--out", temp["rec"]);
    }

    [Theory]
    [InlineData("evaluation.json")]
    [InlineData("confusion.csv")]
    public void Evaluate_ExistingOutput_RefusedThenReplacedWithForce(string target)
    {
        var run = Archive();
        AssertRefusedThenReplaced(Path.Combine(temp["eval"], target), "evaluate", "--run", run, "--data", temp["data.csv"], "--out", temp["eval"]);
    }

    [Theory]
    [InlineData("preview.png")]
    [InlineData("dataset.json")]
    public void Dataset_ExistingOutput_RefusedThenReplacedWithForce(string target) =>
        AssertRefusedThenReplaced(Path.Combine(temp["data"], target), "dataset", "shapes", "--count", "8", "--test-count", "4", "--out", temp["data"]);

    [Fact]
    public void Gradcheck_ExistingCsv_RefusedWithoutForce()
    {
        // Replacing it runs the whole suite (seconds): GradcheckCommandTests runs it into a folder that holds a gradcheck.csv, with --force.
        var target = Path.Combine(temp["check"], "gradcheck.csv");
        Directory.CreateDirectory(temp["check"]);
        File.WriteAllText(target, Kept);
        var refused = Torchae.Run("gradcheck", "--out", temp["check"]);
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Equal($"torchae gradcheck: --out {temp["check"]} already holds gradcheck.csv; choose another folder or add --force\n", refused.Error.ReplaceLineEndings("\n"));
        Assert.Equal(Kept, File.ReadAllText(target));
    }

    [Fact]
    public void Bench_ExistingCsv_RefusedThenReplacedWithForce() =>
        AssertRefusedThenReplaced(Path.Combine(temp["bench"], "bench.csv"), "bench", "--quick", "--workload", "softmax-50-4", "--out", temp["bench"]);

    /// <summary>A sweep in --out is refused; with --force its sweep.json is replaced and a planned run's earlier result
    /// is removed (else the new sweep would count the old run as its own). --plan runs nothing, so this is quick.</summary>
    [Fact]
    public void Sweep_ExistingSweep_RefusedThenReplacedWithForce()
    {
        var dir = temp["sweep"];
        string[] sweep = ["sweep", "--seeds", "1", "--out", dir, "--plan", "--", "shapes", "--train-count", "40"];
        var first = Torchae.Run(sweep);
        Assert.True(first.Code == 0, first.Error);
        var runFolder = System.Text.RegularExpressions.Regex.Match(first.Output.Trim(), @"--out (\S+)$").Groups[1].Value;
        Directory.CreateDirectory(runFolder);
        File.WriteAllText(Path.Combine(runFolder, "summary.json"), "{}");

        AssertRefusedThenReplaced(Path.Combine(dir, "sweep.json"), sweep);
        Assert.False(File.Exists(Path.Combine(runFolder, "summary.json")), "the replaced sweep's run result stayed behind");
    }
}
