using TorchAe.Reporting.Classification;
using System.Text.Json;
using TorchAe.Reporting.Summary;
using TorchAe.Tests.Support;
using TorchAe.Training;
using TorchAe.Training.Optimizers;

namespace TorchAe.Tests.Reporting.Summary;

public sealed class SummaryJsonTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    private static RunSummary Summary() => new()
    {
        AccuracyBeforeFinetune = 0.874,
        AccuracyAfterFinetune = 0.952,
        TestSamples = 1000,
        SecondsTotal = 312.5,
        Layers = LayerSummary.FromMetrics(Samples.Run(), [new StageReport("pretrain", 1, 40, 40, 1, StopReason.Epochs, 1, KeptEpoch: 40), new StageReport("pretrain", 2, 40, 40, 1, StopReason.Epochs, 1, KeptEpoch: 40)]),
        Classes = ClassificationReport.FromConfusion(new[,] { { 5, 0 }, { 2, 7 } }, ["circle", "square"]).Classes,
        Reference = new Dictionary<string, double> { ["lecture accuracy after fine-tuning"] = 0.97 },
        Stages = [new StageReport("pretrain", 1, 400, 413, 12.5, StopReason.Epochs, 1 << 30, 123_456, 0.75, 2.5), new StageReport("finetune", 2, 37, 41, 3.25, StopReason.EarlyStopping, 5)],
    };

    [Fact]
    public void Write_Stages_OneObjectPerStageWithTheIssuesKeys()
    {
        var path = dir.File(SummaryJson.FileName);
        SummaryJson.Write(path, Summary());
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var stages = json.RootElement.GetProperty("stages").EnumerateArray().ToList();

        Assert.Equal(["stage", "layer", "iterations", "evaluations", "seconds", "stop_reason", "peak_rss_bytes", "minor_page_faults", "system_seconds", "user_seconds", "kept_epoch"], stages[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["pretrain", "finetune"], stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal(["epochs", "early_stopping"], stages.Select(s => s.GetProperty("stop_reason").GetString()));
        Assert.Equal(413, stages[0].GetProperty("evaluations").GetInt64());
        Assert.Equal(1L << 30, stages[0].GetProperty("peak_rss_bytes").GetInt64());
        Assert.Equal(123_456, stages[0].GetProperty("minor_page_faults").GetInt64());
        Assert.Equal(0.75, stages[0].GetProperty("system_seconds").GetDouble());
        Assert.Equal(2.5, stages[0].GetProperty("user_seconds").GetDouble());
        Assert.Equal(Summary().Stages, SummaryJson.Read(path).Stages);
    }

    [Fact]
    public void FromMetrics_EarlyStoppingRestoredAnEpoch_LayerTermsAreThatEpochsRow()
    {
        var rows = Samples.Run();
        // Layer 1 ran 40 epochs and kept epoch 27's weights; layer 2's report predates kept_epoch (null): its last row.
        var layers = LayerSummary.FromMetrics(rows, [new StageReport("pretrain", 1, 40, 40, 1, StopReason.EarlyStopping, 1, KeptEpoch: 27), new StageReport("pretrain", 2, 40, 40, 1, StopReason.Epochs, 1)]);
        var row27 = rows.Single(m => m is { Stage: "pretrain", Layer: 1, Epoch: 27 });
        var last2 = rows.Single(m => m is { Stage: "pretrain", Layer: 2, Epoch: 40 });

        Assert.Equal((40, 27, row27.Loss, row27.Terms["reconstruction"], row27.RhoHatMean), (layers[0].Epochs, layers[0].KeptEpoch, layers[0].Loss, layers[0].Reconstruction, layers[0].RhoHatMean));
        Assert.Equal((40, 40, last2.Loss), (layers[1].Epochs, layers[1].KeptEpoch, layers[1].Loss));
        Assert.NotEqual(rows.Single(m => m is { Stage: "pretrain", Layer: 1, Epoch: 40 }).Loss, layers[0].Loss);
    }

    [Fact]
    public void Write_Summary_HasSnakeCaseKeys()
    {
        var path = dir.File(SummaryJson.FileName);
        SummaryJson.Write(path, Summary());
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;

        Assert.Equal(0.874, root.GetProperty("accuracy_before_finetune").GetDouble());
        Assert.Equal(0.952, root.GetProperty("accuracy_after_finetune").GetDouble());
        Assert.Equal(1000, root.GetProperty("test_samples").GetInt32());
        Assert.Equal(312.5, root.GetProperty("seconds_total").GetDouble());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal([1, 2], layers.Select(l => l.GetProperty("layer").GetInt32()));
        Assert.Equal(
            ["layer", "epochs", "loss", "reconstruction", "weight_decay", "sparsity", "rho_hat_mean", "test_rmse", "contraction", "kept_epoch"],
            layers[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, layers[0].GetProperty("test_rmse").ValueKind);
        Assert.Equal("pretrained", root.GetProperty("init").GetString());
        Assert.Equal(0.8, layers[0].GetProperty("loss").GetDouble(), 1e-12);
        var circle = root.GetProperty("classes")[0];
        Assert.Equal(("circle", 5, 5.0 / 7), (circle.GetProperty("name").GetString(), circle.GetProperty("support").GetInt32(), circle.GetProperty("precision").GetDouble()));
        Assert.Equal(0.97, root.GetProperty("reference").GetProperty("lecture accuracy after fine-tuning").GetDouble());
    }

    [Fact]
    public void Read_Written_RoundTrips()
    {
        var path = dir.File(SummaryJson.FileName);
        var summary = Summary() with { AccuracyBeforeFinetune = null, SecondsTotal = double.NaN };
        SummaryJson.Write(path, summary);
        var back = SummaryJson.Read(path);

        Assert.Null(back.AccuracyBeforeFinetune);
        Assert.Contains("\"accuracy_before_finetune\": null", File.ReadAllText(path));
        Assert.True(double.IsNaN(back.SecondsTotal));
        Assert.Equal(summary.Layers, back.Layers);
        Assert.Equal(summary.Classes, back.Classes);
        Assert.Equal(summary.Reference, back.Reference);
    }
}
