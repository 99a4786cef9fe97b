using TorchAe.Reporting.Csv;
using System.Text.Json;
using SkiaSharp;
using TorchAe.Reporting.Summary;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary>Each training command in a tiny configuration: it exits 0 and leaves every file of a run folder, readable.</summary>
public sealed class ExperimentCommandTests : IDisposable
{
    readonly TempFolder temp = new();
    string root => temp.Path;

    public void Dispose() => temp.Dispose();

    static readonly string[] Tiny = ["--train-count", "80", "--test-count", "40", "--hidden", "20,8", "--epochs", "6", "--quiet"];

    static (int Code, string Output, string Error) Run(params string[] args) => Torchae.Run(args);

    [Fact]
    public void Shapes_TinyRun_WritesEveryFileOfARunFolder()
    {
        var dir = Path.Combine(root, "shapes");
        var (code, output, error) = Run(["shapes", .. Tiny, "--out", dir, "--compare-rho", "0.05,0.25"]);
        Assert.True(code == 0, error);
        Assert.Contains("test accuracy before fine-tuning", output);

        foreach (var file in new[] { "config.json", "metrics.csv", "units-layer1.csv", "units-layer2.csv", "confusion.csv", "summary.json",
                     "model.json", "model.dat", "report.html" })
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} is missing");
        foreach (var png in new[] { "weights-layer1.png", "weights-layer2.png", "reconstructions.png", "loss.png", "accuracy.png",
                     "rho-hat-layer1.png", "rho-hat-layer2.png", "rho-hat-compare.png", "weights-layer1-rho0.05.png", "weights-layer1-rho0.25.png" })
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(dir, png));
            Assert.True(bitmap is { Width: > 20, Height: > 10 }, $"{png} does not decode");
        }

        var metrics = MetricsCsv.Read(Path.Combine(dir, "metrics.csv"));
        Assert.Equal(["pretrain", "classifier", "finetune"], metrics.Select(m => m.Stage).Distinct());
        Assert.Equal(MetricsCsv.Columns, File.ReadLines(Path.Combine(dir, "metrics.csv")).First().Split(','));
        Assert.Equal(20, UnitsCsv.Read(Path.Combine(dir, "units-layer1.csv")).Count);
        Assert.Equal(40, ConfusionCsv.Read(Path.Combine(dir, "confusion.csv")).Counts.Cast<int>().Sum());

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        foreach (var key in new[] { "accuracy_before_finetune", "accuracy_after_finetune", "test_samples", "seconds_total", "layers" })
            Assert.True(summary.RootElement.TryGetProperty(key, out _), $"summary.json lacks {key}");
        Assert.Equal(40, summary.RootElement.GetProperty("test_samples").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Contains("data:image/png;base64,", File.ReadAllText(Path.Combine(dir, "report.html")));
    }

    [Fact]
    public void Shapes_TinyRun_RecordsProvenanceAndTheThreadCountThatRan()
    {
        var dir = Path.Combine(root, "provenance");
        var (code, _, error) = Run(["shapes", .. Tiny, "--no-finetune", "--out", dir]);
        Assert.True(code == 0, error);

        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
        Assert.Equal(TorchSharp.torch.get_num_threads(), config["threads"]!.GetValue<int>());
        var provenance = config["provenance"]!;
        Assert.Equal(["command_line", "device_used", "torchae_version", "commit", "torchsharp_version", "libtorch_version", "date_utc"],
            provenance.AsObject().Select(p => p.Key));
        Assert.StartsWith("torchae shapes --train-count 80", provenance["command_line"]!.GetValue<string>());
        Assert.Equal("cpu", provenance["device_used"]!.GetValue<string>());
        Assert.Equal(TorchSharp.torch.__version__, provenance["libtorch_version"]!.GetValue<string>());
        Assert.Equal(TorchAe.Runtime.BuildInfo.Version, provenance["torchae_version"]!.GetValue<string>());
        Assert.True(DateTime.UtcNow - DateTime.Parse(provenance["date_utc"]!.GetValue<string>()).ToUniversalTime() < TimeSpan.FromHours(1));

        var report = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<h2>Provenance</h2>", report);
        Assert.Contains($"<td>{TorchSharp.torch.__version__}</td>", report);
    }

    [Fact]
    public void Shapes_ForceOverAnotherRun_LeavesNoOutputOfTheOldOne()
    {
        var dir = Path.Combine(root, "forced");
        Assert.Equal(0, Run(["shapes", .. Tiny, "--out", dir]).Code);
        Assert.True(File.Exists(Path.Combine(dir, "weights-layer2.png")));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        Assert.Equal(0, Run(["shapes", "--train-count", "80", "--test-count", "40", "--hidden", "20", "--epochs", "4", "--quiet", "--out", dir, "--force"]).Code);
        Assert.False(File.Exists(Path.Combine(dir, "weights-layer2.png")), "a picture of the replaced run stayed");
        Assert.False(File.Exists(Path.Combine(dir, "units-layer2.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "notes.txt")), "--force removed a file TorchAe did not write");
    }

    [Fact]
    public void Shapes_StageConvergesEarly_SaysSoWithItsEpoch()
    {
        var dir = Path.Combine(root, "converged");
        var (code, output, error) = Run(["shapes", "--train-count", "80", "--test-count", "40", "--hidden", "20,8", "--epochs", "400", "--out", dir]);
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var converged = summary.RootElement.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("stop_reason").GetString() == "converged").ToList();
        Assert.NotEmpty(converged);
        foreach (var stage in converged)
        {
            var name = stage.GetProperty("stage").GetString()!;
            var title = TorchAe.Training.Stage.Describe(name, stage.GetProperty("layer").GetInt32());
            Assert.Contains($"note: {title}: converged at epoch {stage.GetProperty("iterations").GetInt32()} of up to 400", output);
        }
    }

    [Fact]
    public void Train_PrintedShapesConfig_ReproducesTheShapesRun()
    {
        var direct = Path.Combine(root, "direct");
        var viaConfig = Path.Combine(root, "config");
        var configFile = Path.Combine(root, "my.json");
        Assert.Equal(0, Run(["shapes", .. Tiny, "--out", direct]).Code);
        var printed = Run(["shapes", .. Tiny, "--print-config"]);
        Assert.Equal(0, printed.Code);
        Directory.CreateDirectory(root);
        File.WriteAllText(configFile, printed.Output);
        var (code, _, error) = Run("train", "--config", configFile, "--out", viaConfig, "--quiet");
        Assert.True(code == 0, error);

        static IEnumerable<string> WithoutSeconds(string dir) =>
            File.ReadLines(Path.Combine(dir, "metrics.csv")).Select(l => l.Split(',')).Select(c => string.Join(",", c[..14].Concat(c[15..])));
        Assert.Equal(WithoutSeconds(direct), WithoutSeconds(viaConfig));
        Assert.Equal(File.ReadAllBytes(Path.Combine(direct, "model.dat")), File.ReadAllBytes(Path.Combine(viaConfig, "model.dat")));
    }

    [Fact]
    public void Shapes_HandGradientsFloat64_MatchAutogradRun()
    {
        string[] options = ["shapes", .. Tiny, "--dtype", "float64", "--no-finetune"];
        Assert.Equal(0, Run([.. options, "--out", Path.Combine(root, "autograd")]).Code);
        Assert.Equal(0, Run([.. options, "--gradients", "hand", "--out", Path.Combine(root, "hand")]).Code);
        var a = MetricsCsv.Read(Path.Combine(root, "autograd", "metrics.csv"));
        var h = MetricsCsv.Read(Path.Combine(root, "hand", "metrics.csv"));
        Assert.Equal(a.Count, h.Count);
        for (int i = 0; i < a.Count; i++)
            Assert.True(Math.Abs(a[i].Loss - h[i].Loss) <= 1e-10 * Math.Abs(a[i].Loss), $"row {i + 1}: {a[i].Loss} vs {h[i].Loss}");
    }

    [Fact]
    public void Patches_TinyRun_WritesMosaicWithoutClassifierFiles()
    {
        var image = Path.Combine(root, "img.pgm");
        Directory.CreateDirectory(root);
        var pixels = new float[64 * 64];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = ((i % 64) * 3 + (i / 64) % 7 * 5) / 255f;
        new TorchAe.Data.Readers.PgmImage(64, 64, 255, pixels).Write(image);
        var dir = Path.Combine(root, "patches");
        var (code, _, error) = Run("patches", "--image", image, "--count", "200", "--epochs", "5", "--quiet", "--out", dir);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(dir, "weights-layer1.png")));
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
        Assert.False(File.Exists(Path.Combine(dir, "confusion.csv")));
        Assert.Equal(25, UnitsCsv.Read(Path.Combine(dir, "units-layer1.csv")).Count);
    }

    [SharedDataFact]
    public void Mnist_TinyRun_ReportsBothAccuraciesBesideUfldl()
    {
        var dir = Path.Combine(root, "mnist");
        var (code, output, error) = Run("mnist", "--data", SharedData.Path("mnist"), "--train-count", "300", "--test-count", "100",
            "--hidden", "30,20", "--epochs", "5", "--quiet", "--out", dir);
        Assert.True(code == 0, error);
        Assert.Contains("after", output);
        var summary = SummaryJson.Read(Path.Combine(dir, "summary.json"));
        Assert.Equal(0.976, summary.Reference["ufldl_accuracy_after_finetune"]);
        Assert.Equal(100, summary.TestSamples);
    }
}
