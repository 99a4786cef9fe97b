using TorchAe.Reporting.Csv;
using TorchAe.Tests.Support;
using TorchAe.Training.Experiment;
using TorchAe.Presets;

namespace TorchAe.Tests.Training.Experiment;

/// <summary>A config.json written before the experiment record became one type (Fixtures/shapes-print-config-v1.json
/// is <c>torchae shapes --print-config</c> of that time, byte for byte) still loads, means the same experiment, and
/// trains exactly as the preset does.</summary>
public sealed class ExperimentJsonCompatibilityTests
{
    static readonly string Fixture = Path.Combine(RepositoryRoot.Path, "tests", "Training", "Experiment", "Fixtures", "shapes-print-config-v1.json");

    [Fact]
    public void Load_ShapesConfigV1_IsTheShapesPresetWithItsFineTuningBudget()
    {
        var old = ExperimentJson.Load(Fixture);
        var preset = ExperimentPresets.Shapes();
        // The file predates one change of the preset: fine-tuning stopped after 50 iterations then.
        var expected = preset with { Pipeline = preset.Pipeline with { FineTuning = preset.Pipeline.FineTuning with { Epochs = 50 } } };
        Assert.Equal(ExperimentJson.Serialize(expected), ExperimentJson.Serialize(old));
    }

    [Fact]
    public void Train_ShapesConfigV1WithOverrides_SameMetricsAsThePreset()
    {
        using var temp = new TempFolder();
        string[] tiny = ["--train-count", "80", "--test-count", "40", "--hidden", "20,8", "--epochs", "6", "--quiet"];
        var viaFile = Torchae.Run(["train", "--config", Fixture, .. tiny, "--out", temp["file"]]);
        var viaPreset = Torchae.Run(["shapes", .. tiny, "--out", temp["preset"]]);
        Assert.True(viaFile.Code == 0, viaFile.Error);
        Assert.True(viaPreset.Code == 0, viaPreset.Error);

        static IEnumerable<string> WithoutSeconds(string dir) =>
            File.ReadLines(Path.Combine(dir, MetricsCsv.FileName)).Select(l => l.Split(',')).Select(c => string.Join(",", c[..14].Concat(c[15..])));
        Assert.Equal(WithoutSeconds(temp["preset"]), WithoutSeconds(temp["file"]));
        Assert.True(File.ReadLines(Path.Combine(temp["file"], MetricsCsv.FileName)).Count() > 20);
    }
}
