using System.Text.Json;
using TorchAe.Reporting.Csv;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary><c>--init pretrained|random</c> end to end on a tiny shapes run: both arms write gradients.csv and
/// gradient-norms.png; the random arm has no accuracy before fine-tuning and no pretrained layers.</summary>
public sealed class InitCommandTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    static readonly string[] Tiny = ["--train-count", "80", "--test-count", "40", "--hidden", "20,8", "--epochs", "6", "--quiet"];

    JsonElement Summary(string run) => JsonDocument.Parse(File.ReadAllText(folder[$"{run}/summary.json"])).RootElement;

    [Fact]
    public void Shapes_InitRandom_OneFineTuneStageWithNullBeforeAccuracyAndGradients()
    {
        var r = Torchae.Run(["shapes", .. Tiny, "--init", "random", "--out", folder["random"]]);
        Assert.True(r.Code == 0, r.Error);
        var summary = Summary("random");
        Assert.Equal("random", summary.GetProperty("init").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("accuracy_before_finetune").ValueKind);
        Assert.InRange(summary.GetProperty("accuracy_after_finetune").GetDouble(), 0, 1);
        var stage = Assert.Single(summary.GetProperty("stages").EnumerateArray());
        Assert.Equal("finetune", stage.GetProperty("stage").GetString());
        Assert.Equal(6, stage.GetProperty("iterations").GetInt32());   // --epochs sets the one stage's budget
        Assert.Equal(0, summary.GetProperty("layers").GetArrayLength());

        var gradients = GradientsCsv.Read(folder["random/gradients.csv"]);
        Assert.Equal(6 * 3, gradients.Count);   // epochs × (two encoders + the head)
        Assert.True(File.Exists(folder["random/gradient-norms.png"]));
        Assert.False(File.Exists(folder["random/weights-layer1.png"]) && File.Exists(folder["random/rho-hat-layer1.png"]));
        var report = File.ReadAllText(folder["random/report.html"]);
        Assert.Contains("There is no accuracy before fine-tuning", report);
        Assert.Contains("function evaluations", report);
        Assert.Equal("random", JsonDocument.Parse(File.ReadAllText(folder["random/config.json"])).RootElement.GetProperty("pipeline").GetProperty("init").GetString());
    }

    [Fact]
    public void Shapes_InitPretrained_RecordsInitTestRmseAndGradientsOfFineTuning()
    {
        var r = Torchae.Run(["shapes", .. Tiny, "--init", "pretrained", "--out", folder["pretrained"]]);
        Assert.True(r.Code == 0, r.Error);
        var summary = Summary("pretrained");
        Assert.Equal("pretrained", summary.GetProperty("init").GetString());
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("accuracy_before_finetune").ValueKind);
        var rmse = summary.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("test_rmse").GetDouble()).ToList();
        Assert.Equal(2, rmse.Count);
        Assert.All(rmse, v => Assert.InRange(v, 1e-6, 1));
        Assert.Equal(["finetune"], GradientsCsv.Read(folder["pretrained/gradients.csv"]).Select(g => g.Stage).Distinct());
        Assert.True(File.Exists(folder["pretrained/gradient-norms.png"]));
        Assert.Contains("test RMSE", File.ReadAllText(folder["pretrained/report.html"]));
    }
}
