using TorchAe.Cli;
using System.Text.Json;
using TorchAe.Data.Readers;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

public sealed class DatasetCommandTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    static (int Code, string Output, string Error) Run(params string[] args) => Torchae.Run(args);

    [Fact]
    public void Run_Shapes_WritesPreviewJsonAndExport()
    {
        var outDir = temp.File("out");
        var export = temp.File("export");
        var (code, output, error) = Run("dataset", "shapes", "--count", "10", "--test-count", "6", "--seed", "3", "--out", outDir, "--export", export);
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("train 10 samples of 30×30 (900 features); 4 classes: circle 3, triangle 3, rectangle 2, star 2", output);
        Assert.True(File.Exists(Path.Combine(outDir, "preview.png")));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "dataset.json")));
        var root = json.RootElement;
        Assert.Equal(("shapes", 3UL, "preview.png"), (root.GetProperty("source").GetString(), root.GetProperty("seed").GetUInt64(), root.GetProperty("preview").GetString()));
        var sets = root.GetProperty("sets").EnumerateArray().ToList();
        Assert.Equal(["train", "test"], sets.Select(s => s.GetProperty("split").GetString()));
        Assert.Equal([10, 6], sets.Select(s => s.GetProperty("samples").GetInt32()));
        Assert.Equal(["circle", "triangle", "rectangle", "star"], sets[0].GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        foreach (var key in new[] { "origin", "features", "width", "height", "min", "max", "mean", "std" }) Assert.True(sets[0].TryGetProperty(key, out _), key);

        var readBack = ImageFolderReader.Read(Path.Combine(export, "train"));
        Assert.Equal((10, 900), (readBack.Count, readBack.FeatureCount));
        Assert.Equal(6, ImageFolderReader.Read(Path.Combine(export, "test")).Count);
    }

    [Fact]
    public void Run_BadDataFile_ExitTwoOneLineNothingWritten()
    {
        var bad = temp.WriteText("bad.csv", "1,2,0\n3,x,1\n");
        var outDir = temp.File("out");
        var (code, output, error) = Run("dataset", "csv", "--data", bad, "--out", outDir);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"torchae dataset: {bad}: line 2, column 2: 'x' is not a number{Environment.NewLine}", error);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(outDir));
    }

    [Theory]
    [InlineData(new[] { "dataset" }, "torchae dataset: SOURCE is required (see --help)")]
    [InlineData(new[] { "dataset", "cifar" }, "torchae dataset: SOURCE must be one of shapes, mnist, csv, patches, folder, got 'cifar'")]
    [InlineData(new[] { "dataset", "shapes", "extra" }, "torchae dataset: unexpected argument 'extra' (options start with --; see --help)")]
    [InlineData(new[] { "dataset", "mnist" }, "torchae dataset: --data is required for mnist (see --help)")]
    [InlineData(new[] { "dataset", "mnist", "--data", "x", "--jitter", "3" }, "torchae dataset: --jitter applies only to shapes, not mnist")]
    [InlineData(new[] { "dataset", "shapes", "--radius-max", "20" }, "torchae dataset: --radius-max must be a number <= 14 for size 30 (the shape must stay 1 px inside the frame), got 20")]
    [InlineData(new[] { "dataset", "folder", "--data", "x", "--resize", "3y" }, "torchae dataset: --resize must be WIDTHxHEIGHT or N (positive integers), got '3y'")]
    [InlineData(new[] { "gradcheck", "extra" }, "torchae gradcheck: unexpected argument 'extra' (options start with --; see --help)")]
    public void Run_BadCommandLine_ExitTwoWithMessage(string[] args, string message)
    {
        var (code, _, error) = Run(args);
        Assert.Equal((ExitCodes.BadInput, message), (code, error.TrimEnd()));
    }

    [Fact]
    public void Help_Dataset_ListsSourcePositional()
    {
        var (code, output, _) = Run("dataset", "--help");
        Assert.Equal(0, code);
        Assert.Contains("torchae dataset <SOURCE> [options]", output);
        Assert.Contains("<shapes|mnist|csv|patches|folder>", output);
        Assert.Contains("where the samples come from: shapes, mnist, csv, patches, folder", output);
    }
}
