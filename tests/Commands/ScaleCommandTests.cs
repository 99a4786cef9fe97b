using System.Globalization;
using System.Text.Json;
using TorchAe.Data.Numerics;
using TorchAe.Tests.Reliability;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary>Two tiny csv runs on one table: as read (integers 0–16, as the digits CSV) and divided by 16 by hand. Each
/// trains in a child process of its own, so its bits do not depend on which tests ran before it in this process.</summary>
public sealed class ScaleRuns : IDisposable
{
    readonly TempFolder folder = new();

    public ScaleRuns()
    {
        var random = new DeterministicRandom(5, 1);
        var rows = Enumerable.Range(0, 60).Select(n => (Label: n % 3, Values: Enumerable.Range(0, 16).Select(j => (j % 3 == n % 3 ? 8 : 0) + random.NextInt(9)).ToArray())).ToList();
        string Table(Func<int, string> cell) => string.Join("\n", rows.Select(r => string.Join(",", r.Values.Select(cell).Append($"c{r.Label}")))) + "\n";
        File.WriteAllText(folder["raw.csv"], Table(v => v.ToString(CultureInfo.InvariantCulture)));
        File.WriteAllText(folder["hand.csv"], Table(v => (v / 16.0).ToString("R", CultureInfo.InvariantCulture)));
        foreach (var name in new[] { "raw", "hand" })
        {
            File.WriteAllText(folder[$"{name}.json"], "{\"name\": \"" + name + "\", \"data\": {\"source\": \"csv\", \"paths\": [" + JsonSerializer.Serialize(folder[$"{name}.csv"]) + "]}}");
            var r = ChildRun.Run(TimeSpan.FromSeconds(180), ["train", "--config", folder[$"{name}.json"], .. Tiny, "--out", folder[$"run-{name}"]]);
            if (r.Code != 0) throw new InvalidOperationException(r.Error);
        }
    }

    public static readonly string[] Tiny = ["--hidden", "6,4", "--epochs", "8", "--threads", "1", "--quiet"];
    public string this[string name] => folder[name];
    public void Dispose() => folder.Dispose();
}

[Collection(SerialCollection.Name)]
public sealed class ScaleCommandTests(ScaleRuns runs) : IClassFixture<ScaleRuns>
{
    static IEnumerable<string> WithoutSeconds(string dir) =>
        File.ReadLines(Path.Combine(dir, "metrics.csv")).Select(l => l.Split(',')).Select(c => string.Join(",", c[..14].Concat(c[15..])));

    static JsonElement Scale(string run) => JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model.json"))).RootElement.GetProperty("scale").Clone();

    [Fact]
    public void Train_ValuesBeyondOne_DefaultTrainsExactlyAsTheHandScaledFile()
    {
        // The same training on the same float32 values, but not bit for bit, even in two fresh processes: the first loss
        // differs in its 7th digit (the likely cause: the features are .NET arrays libtorch reads in place, the raw
        // table's made by the scaler at another heap address than the hand-scaled one's, and MKL's products take another
        // path for another alignment); L-BFGS's line search then drifts (an iteration may take one evaluation more). So: the first
        // iterations of layer 1 to float32 rounding, and the same final accuracy to one test sample. Unscaled inputs (×16) give a first
        // loss over 50 times larger (Train_ScaleNone_KeepsTheValuesAsRead).
        var (hand, raw) = (WithoutSeconds(runs["run-hand"]).ToList(), WithoutSeconds(runs["run-raw"]).ToList());
        Assert.Equal(hand[0], raw[0]);
        int evaluations = Array.IndexOf(hand[0].Split(','), "evaluations");   // may differ once the runs drift
        for (int r = 1; r <= 3; r++)
        {
            var (h, w) = (hand[r].Split(','), raw[r].Split(','));
            foreach (int c in Enumerable.Range(0, h.Length).Where(c => c != evaluations))
                if (double.TryParse(h[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(w[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
                    Assert.True(Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(a)), $"metrics.csv row {r}, column {c}: {w[c]} vs {h[c]}");
                else
                    Assert.Equal(h[c], w[c]);
        }
        static (double Accuracy, double Samples) Summary(string run)
        {
            var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement;
            return (root.GetProperty("accuracy_after_finetune").GetDouble(), root.GetProperty("test_samples").GetDouble());
        }
        var (handSummary, rawSummary) = (Summary(runs["run-hand"]), Summary(runs["run-raw"]));
        Assert.True(Math.Abs(handSummary.Accuracy - rawSummary.Accuracy) <= 1.0 / handSummary.Samples + 1e-12, $"{rawSummary.Accuracy} vs {handSummary.Accuracy}");
        var scale = Scale(runs["run-raw"]);
        Assert.Equal(("minmax", 0.0, 16.0), (scale.GetProperty("method").GetString(), scale.GetProperty("offset").GetDouble(), scale.GetProperty("divisor").GetDouble()));
        Assert.Equal("none", Scale(runs["run-hand"]).GetProperty("method").GetString());
        Assert.Contains("minmax: x&#39; = (x − 0) / 16", File.ReadAllText(runs["run-raw/report.html"]));
        Assert.Contains("\"scale\": \"auto\"", File.ReadAllText(runs["run-raw/config.json"]));
    }

    [Fact]
    public void Encode_RawData_AppliesTheStoredScaling()
    {
        var raw = Torchae.Run("encode", "--run", runs["run-raw"], "--data", runs["raw.csv"], "--out", runs["codes-raw.csv"]);
        var hand = Torchae.Run("encode", "--run", runs["run-hand"], "--data", runs["hand.csv"], "--out", runs["codes-hand.csv"]);
        Assert.True(raw.Code == 0 && hand.Code == 0, raw.Error + hand.Error);
        Assert.Contains("rescaled as in training, minmax: x' = (x − 0) / 16", raw.Output);
        // Two models trained on the same scaled values, equal to float32 rounding carried through training (see above);
        // unscaled inputs (×16) would give other codes altogether.
        static double[] Codes(string path) => File.ReadLines(path).Skip(1).SelectMany(l => l.Split(',').Skip(1)).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (expected, actual) = (Codes(runs["codes-hand.csv"]), Codes(runs["codes-raw.csv"]));
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(0.01, Math.Abs(expected[i])), $"code {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void ExportImport_KeepsTheScaling_EvaluateOnRawDataAgrees()
    {
        Assert.Equal(0, Torchae.Run("export", "--run", runs["run-raw"], "--format", "safetensors", "--out", runs["raw.safetensors"]).Code);
        var imported = Torchae.Run("import", "--file", runs["raw.safetensors"], "--out", runs["imported"]);
        Assert.True(imported.Code == 0, imported.Error);
        Assert.Equal(16.0, Scale(runs["imported"]).GetProperty("divisor").GetDouble());
        Assert.Equal(0, Torchae.Run("evaluate", "--run", runs["run-hand"], "--data", runs["hand.csv"], "--out", runs["eval-hand"]).Code);
        Assert.Equal(0, Torchae.Run("evaluate", "--run", runs["imported"], "--data", runs["raw.csv"], "--out", runs["eval-imported"]).Code);
        Assert.Equal(File.ReadAllText(runs["eval-hand/confusion.csv"]), File.ReadAllText(runs["eval-imported/confusion.csv"]));
    }

    [Fact]
    public void Train_ScaleNone_KeepsTheValuesAsRead()
    {
        var r = Torchae.Run(["train", "--config", runs["raw.json"], .. ScaleRuns.Tiny, "--scale", "none", "--no-finetune", "--out", runs["run-none"]]);
        Assert.True(r.Code == 0, r.Error);
        Assert.Equal("none", Scale(runs["run-none"]).GetProperty("method").GetString());
        // Layer 1 reconstructs targets up to 16 with outputs in (0, 1): its first loss is far above the scaled run's.
        double First(string run) => double.Parse(File.ReadLines(Path.Combine(run, "metrics.csv")).Skip(1).First().Split(',')[4], CultureInfo.InvariantCulture);
        Assert.True(First(runs["run-none"]) > 50 * First(runs["run-raw"]), $"{First(runs["run-none"])} vs {First(runs["run-raw"])}");
    }

    [Fact]
    public void Train_StandardWithSigmoidDecoder_IsRefusedNamingTheWayOut()
    {
        var r = Torchae.Run(["train", "--config", runs["raw.json"], .. ScaleRuns.Tiny, "--scale", "standard", "--out", runs["run-standard"]]);
        Assert.Equal(2, r.Code);
        Assert.Contains("--scale standard", r.Error);
        Assert.Contains("linear decoder", r.Error);
        Assert.False(Directory.Exists(runs["run-standard"]));
    }
}
